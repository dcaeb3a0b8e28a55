import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { assertStaff, type Actor } from "@/features/disputes/access";
import { CLOSED_CHARGEBACK } from "./load-invoice-limits";

/** For a refund-only correction (a duplicate charge): the dispute's customer's charges that can still be refunded. */
export async function listRefundableCharges(db: Db, options: { actor: Actor; disputeId: string }) {
  assertStaff(options.actor);
  const d = await db.dispute.findUnique({ where: { id: options.disputeId }, select: { id: true, number: true, reason: true, status: true, customerId: true, invoice: { select: { id: true, number: true } } } });
  if (!d) throw new NotFoundError("Dispute not found");
  const charges = await db.charge.findMany({
    where: { customerId: d.customerId, status: "succeeded" },
    orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
    take: 50,
    select: { stripeId: true, amount: true, amountRefunded: true, currency: true, stripeCreated: true, description: true, chargebacks: { select: { status: true } } },
  });
  return {
    dispute: d,
    charges: charges
      .filter((c) => c.amount > c.amountRefunded)
      .map((c) => ({ stripeId: c.stripeId, amount: c.amount, refundable: c.amount - c.amountRefunded, currency: c.currency, created: c.stripeCreated, description: c.description, openChargeback: c.chargebacks.some((b) => !CLOSED_CHARGEBACK.includes(b.status)) })),
  };
}
