import "server-only";
import type Stripe from "stripe";
import { stripeErrorText } from "../issue/stripe-error-text";
import { stripeParamsFor, type CorrectionForStripe } from "../issue/stripe-params";

export type CreditNotePreview = {
  total: bigint;
  subtotal: bigint;
  discount: bigint;
  tax: bigint;
  prePayment: bigint;
  postPayment: bigint;
  lines: { description: string | null; amount: bigint; discount: bigint; tax: bigint }[];
};

/** Stripe's own credit-note preview (creditNotes.preview) of exactly what would be sent. */
export async function stripePreview(
  stripe: Stripe,
  correction: CorrectionForStripe,
  invoiceStripeId: string,
): Promise<{ ok: true; preview: CreditNotePreview } | { ok: false; message: string }> {
  const req = stripeParamsFor(correction, invoiceStripeId);
  if (req.kind !== "credit_note") return { ok: false, message: "refunds have no preview" };
  try {
    const n = await stripe.creditNotes.preview(req.params);
    const big = (v: number | null | undefined) => BigInt(v ?? 0);
    const taxOf = (t: { amount: number; tax_behavior?: string }[] | null | undefined) => (t ?? []).reduce((s, x) => s + BigInt(x.amount), 0n);
    return {
      ok: true,
      preview: {
        total: big(n.total),
        subtotal: big(n.subtotal),
        discount: big(n.discount_amount),
        tax: taxOf(n.total_taxes as { amount: number }[] | null),
        prePayment: big(n.pre_payment_amount),
        postPayment: big(n.post_payment_amount),
        lines: n.lines.data.map((l) => ({
          description: l.description ?? null,
          amount: big(l.amount),
          discount: big(l.discount_amount),
          tax: taxOf(l.taxes as { amount: number }[] | null),
        })),
      },
    };
  } catch (err) {
    return { ok: false, message: stripeErrorText(err) };
  }
}
