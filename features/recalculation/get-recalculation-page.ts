import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { isClosed } from "@/features/disputes/state-machine";
import { draftFromInput } from "./draft";
import { listRecalculations } from "./list-recalculations";
import { loadRecalculationBase } from "./load-recalculation-base";

/** The desk's recalculation page for a dispute: the invoice as billed, the starting form, the contract, the saved recalculations. Staff only. */
export async function getRecalculationPage(db: Db, options: { actor: Actor; disputeId: string }) {
  assertStaff(options.actor);
  const dispute = await db.dispute.findUnique({
    where: { id: options.disputeId },
    select: {
      id: true,
      number: true,
      status: true,
      reason: true,
      invoiceId: true,
      claimedMinor: true,
      currency: true,
      customer: { select: { id: true, name: true, email: true } },
      lines: { select: { invoiceLineId: true } },
    },
  });
  if (!dispute) throw new NotFoundError("Dispute not found");
  const [base, saved] = await Promise.all([
    loadRecalculationBase(db, { invoiceId: dispute.invoiceId }),
    listRecalculations(db, { actor: options.actor, disputeId: dispute.id }),
  ]);
  const disputedLineIds = new Set(dispute.lines.map((l) => l.invoiceLineId));
  return {
    dispute: {
      id: dispute.id,
      number: dispute.number,
      status: dispute.status,
      reason: dispute.reason,
      claimedMinor: dispute.claimedMinor,
      currency: dispute.currency,
      customer: dispute.customer,
    },
    closed: isClosed(dispute.status),
    invoice: base.invoice,
    lines: base.lines.map((l) => ({
      stripeId: l.stripeId,
      description: l.description,
      disputed: disputedLineIds.has(l.id),
      proration: l.proration,
      productName: l.productName,
    })),
    input: base.input,
    stored: base.stored,
    draft: draftFromInput(base.input),
    tariff: base.tariff,
    saved,
  };
}
