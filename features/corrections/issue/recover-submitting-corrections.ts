import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { SYSTEM_ACTOR } from "../confirm/apply-confirmation";
import { confirmFromCreditNote } from "../confirm/confirm-from-credit-note";
import { confirmFromRefund } from "../confirm/confirm-from-refund";
import { recordStripeResult } from "./record-stripe-result";
import { sendToStripe } from "./send-to-stripe";

/**
 * Settles corrections left in SUBMITTING by a crash (or a lost webhook): with no Stripe id
 * recorded, it finds the object by metadata.correction_id or re-sends the very same idempotent
 * request, then records the answer; with one recorded and already synced, it confirms. Run at
 * start-up and periodically; `olderThanMs` leaves alone what a live process is sending now.
 */
export type RecoverSubmittingCorrectionsOptions = { stripe?: Stripe; olderThanMs?: number };

export async function recoverSubmittingCorrections(db: Db, options: RecoverSubmittingCorrectionsOptions = {}) {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? 60_000));
  const stuck = await db.correction.findMany({
    where: { status: "SUBMITTING", updatedAt: { lte: cutoff } },
    select: { id: true, kind: true, stripeCreditNoteId: true, stripeRefundId: true, invoice: { select: { stripeId: true } } },
    orderBy: { updatedAt: "asc" },
    take: 100,
  });
  const result = { resent: 0, confirmed: 0, waiting: 0, failed: 0 };
  for (const s of stuck) {
    try {
      const recorded = s.kind === "refund" ? s.stripeRefundId : s.stripeCreditNoteId;
      if (recorded) {
        const done = s.kind === "refund" ? await confirmFromRefund(db, recorded) : await confirmFromCreditNote(db, recorded);
        if (done) result.confirmed++;
        else result.waiting++;
        continue;
      }
      const c = await db.correction.findUniqueOrThrow({ where: { id: s.id } });
      const outcome = await sendToStripe(options.stripe ?? getStripe(), { correction: c, invoiceStripeId: s.invoice.stripeId, lookFirst: true });
      const r = await recordStripeResult(db, { correctionId: s.id, outcome, actor: SYSTEM_ACTOR });
      if (r.status === "FAILED") result.failed++;
      else result.resent++;
    } catch (err) {
      logger.error({ err, correctionId: s.id }, "correction recovery failed");
    }
  }
  if (stuck.length) logger.info(result, "corrections in SUBMITTING recovered");
  return result;
}
