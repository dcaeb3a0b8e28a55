import "server-only";
import type { Db } from "@/lib/db";
import { applyConfirmation } from "./apply-confirmation";
import { lockCorrection } from "../lock-correction";
import { TX_OPTIONS } from "../tx-options";

/**
 * Reacts to a synced refund: the refund-only correction that created it becomes ISSUED. The
 * refund projection carries no metadata, so the corrections still waiting on its charge are
 * locked first: an issuer that is recording the refund id right now commits before we look.
 */
export async function confirmFromRefund(db: Db, refundStripeId: string): Promise<"issued" | null> {
  const r = await db.refund.findUnique({
    where: { stripeId: refundStripeId },
    select: { stripeId: true, status: true, charge: { select: { stripeId: true } } },
  });
  if (!r || r.status === "failed" || r.status === "canceled") return null;
  return db.$transaction(async (tx) => {
    const waiting = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Correction" WHERE kind = 'refund'
        AND ("stripeRefundId" = ${r.stripeId} OR ("chargeStripeId" = ${r.charge?.stripeId ?? ""} AND status IN ('SUBMITTING', 'FAILED')))
      ORDER BY id FOR UPDATE`;
    if (!waiting.length) return null;
    const c = await tx.correction.findUnique({ where: { stripeRefundId: r.stripeId } });
    if (!c) return null;
    const locked = await lockCorrection(tx, c.id);
    return (await applyConfirmation(tx, { correction: locked, stripeId: r.stripeId, creditNote: null })) ? "issued" : null;
  }, TX_OPTIONS);
}
