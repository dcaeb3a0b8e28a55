import "server-only";
import type { CorrectionStatus, Prisma } from "@prisma/client";
import { NotFoundError } from "@/lib/errors";
import { isClosed } from "@/features/disputes/state-machine";
import { REFUND_IN_FLIGHT, type RefundFacts } from "./check-refund";
import { hasOpenChargeback } from "./has-open-chargeback";

/**
 * What checkRefund needs about a dispute and one charge, from Settle's synced projections.
 * At issue: `excludeCorrectionId` (the correction being issued does not hold against itself) and
 * `holding` REFUND_SENT.
 */
export async function loadRefundFacts(
  db: Prisma.TransactionClient,
  options: { disputeId: string; chargeStripeId: string; excludeCorrectionId?: string; holding?: readonly CorrectionStatus[] },
) {
  const dispute = await db.dispute.findUnique({
    where: { id: options.disputeId },
    select: { id: true, invoiceId: true, customerId: true, currency: true, status: true },
  });
  if (!dispute) throw new NotFoundError("Dispute not found");
  const row = await db.charge.findUnique({
    where: { stripeId: options.chargeStripeId },
    select: {
      id: true,
      stripeId: true,
      amount: true,
      amountRefunded: true,
      currency: true,
      customerId: true,
      status: true,
      stripeCreated: true,
      description: true,
    },
  });
  const charge = row && row.customerId === dispute.customerId && row.status === "succeeded" ? row : null;
  const none: RefundFacts = { disputeClosed: isClosed(dispute.status), charge, openChargeback: false, refunds: [], others: [] };
  if (!charge) return { dispute, charge, facts: none };
  const [openChargeback, refunds, others] = await Promise.all([
    hasOpenChargeback(db, charge.stripeId),
    db.refund.findMany({ where: { chargeId: charge.id }, select: { stripeId: true, amount: true, status: true } }),
    db.correction.findMany({
      where: {
        kind: "refund",
        chargeStripeId: charge.stripeId,
        status: { in: [...(options.holding ?? REFUND_IN_FLIGHT)] },
        ...(options.excludeCorrectionId ? { id: { not: options.excludeCorrectionId } } : {}),
      },
      orderBy: { createdAt: "asc" },
      select: { id: true, status: true, amountMinor: true, stripeRefundId: true },
    }),
  ]);
  return { dispute, charge, facts: { ...none, openChargeback, refunds, others } };
}
