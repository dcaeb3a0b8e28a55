import "server-only";
import type Stripe from "stripe";
import { stripeErrorText } from "./stripe-error-text";
import { stripeParamsFor, type CorrectionForStripe } from "./stripe-params";

export type StripeOutcome = { ok: true; stripeId: string; found: boolean } | { ok: false; message: string };

/**
 * Finds the object an earlier attempt of this correction created (by metadata.correction_id),
 * else sends the correction's request under its idempotency key. Looking first makes a retry
 * safe even after the key's cached response was an error or the key has expired.
 */
export async function sendToStripe(
  stripe: Stripe,
  options: { correction: CorrectionForStripe & { idempotencyKey: string }; invoiceStripeId: string; lookFirst: boolean },
): Promise<StripeOutcome> {
  const { correction: c } = options;
  const req = stripeParamsFor(c, options.invoiceStripeId);
  try {
    if (req.kind === "credit_note") {
      if (options.lookFirst) {
        const notes = await stripe.creditNotes.list({ invoice: options.invoiceStripeId, limit: 100 }).autoPagingToArray({ limit: 10_000 });
        const found = notes.find((n) => n.metadata?.correction_id === c.id);
        if (found) return { ok: true, stripeId: found.id, found: true };
      }
      const note = await stripe.creditNotes.create(req.params, { idempotencyKey: c.idempotencyKey });
      return { ok: true, stripeId: note.id, found: false };
    }
    if (options.lookFirst) {
      const refunds = await stripe.refunds.list({ charge: req.params.charge, limit: 100 }).autoPagingToArray({ limit: 10_000 });
      const found = refunds.find((r) => r.metadata?.correction_id === c.id);
      if (found) return { ok: true, stripeId: found.id, found: true };
    }
    const refund = await stripe.refunds.create(req.params, { idempotencyKey: c.idempotencyKey });
    return { ok: true, stripeId: refund.id, found: false };
  } catch (err) {
    return { ok: false, message: stripeErrorText(err) };
  }
}
