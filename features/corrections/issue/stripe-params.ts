import type { CreditLine } from "../types";

export interface CorrectionForStripe {
  id: string;
  kind: string;
  amountMinor: bigint;
  refundMinor: bigint;
  creditMinor: bigint;
  outOfBandMinor: bigint;
  lines: unknown;
  memo: string | null;
  stripeReason: string | null;
  chargeStripeId: string | null;
}

export type CreditNoteParams = {
  invoice: string;
  lines: (
    | { type: "invoice_line_item"; invoice_line_item: string; amount: number }
    | { type: "custom_line_item"; description: string; quantity: number; unit_amount: number }
  )[];
  reason?: "duplicate" | "fraudulent" | "order_change" | "product_unsatisfactory";
  memo?: string;
  refund_amount?: number;
  credit_amount?: number;
  out_of_band_amount?: number;
  metadata: { correction_id: string };
};

export type RefundParams = { charge: string; amount: number; reason: "duplicate" | "requested_by_customer"; metadata: { correction_id: string } };

const num = (v: bigint | string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError("amount out of range");
  return n;
};

// A refund made under the not-a-duplicate override is not told to Stripe as a duplicate.
const refundReason = (stored: string | null) => (stored === "requested_by_customer" ? "requested_by_customer" : "duplicate");

/**
 * The exact request a correction sends to Stripe. It depends only on the stored row, so a
 * retry or a crash recovery sends byte-for-byte the same parameters under the same key
 * (Stripe rejects a reused key with different parameters).
 */
export function stripeParamsFor(
  c: CorrectionForStripe,
  invoiceStripeId: string,
): { kind: "credit_note"; params: CreditNoteParams } | { kind: "refund"; params: RefundParams } {
  const metadata = { correction_id: c.id };
  if (c.kind === "refund") {
    if (!c.chargeStripeId) throw new RangeError("refund correction without a charge");
    return { kind: "refund", params: { charge: c.chargeStripeId, amount: num(c.amountMinor), reason: refundReason(c.stripeReason), metadata } };
  }
  const lines = (c.lines as CreditLine[]).map((l) =>
    l.type === "invoice_line_item"
      ? { type: l.type, invoice_line_item: l.invoice_line_item, amount: num(l.amount) }
      : { type: l.type, description: l.description, quantity: l.quantity, unit_amount: num(l.unit_amount) },
  );
  const params: CreditNoteParams = { invoice: invoiceStripeId, lines, metadata };
  if (c.stripeReason) params.reason = c.stripeReason as CreditNoteParams["reason"];
  if (c.memo) params.memo = c.memo;
  if (c.refundMinor > 0n) params.refund_amount = num(c.refundMinor);
  if (c.creditMinor > 0n) params.credit_amount = num(c.creditMinor);
  if (c.outOfBandMinor > 0n) params.out_of_band_amount = num(c.outOfBandMinor);
  return { kind: "credit_note", params };
}
