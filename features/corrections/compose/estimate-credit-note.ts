import { minorUnitStep, mul, div, parseDecimal, rational, roundHalfUpToStep } from "@/lib/money/index";
import type { CreditLine } from "../types";

export interface EstimateLine {
  stripeId: string;
  amount: bigint;
  /** The line's discounts (line-level and its share of invoice-level ones). */
  discountTotal: bigint;
  /** The part of discountTotal from the line's own (item) discounts; 0 when missing. */
  itemDiscount?: bigint;
  taxes: readonly { percentage: string; inclusive: boolean }[];
}

/**
 * What Stripe will total for these credit-note lines: an invoice-line credit takes its share of
 * the line's discounts pro rata and the line's tax rates on what is left; a custom line carries
 * no tax. As Stripe's credit note `subtotal` ("excluding exclusive tax and invoice level
 * discounts"), the subtotal is net of the item discounts' share; `discount` is all of them (its
 * `discount_amount`). Only an estimate for the form (the split needs a total before Stripe is asked):
 * Stripe's own preview is what the correction stores and sends.
 */
export function estimateCreditNote(input: { currency: string; lines: readonly CreditLine[]; invoiceLines: readonly EstimateLine[] }): {
  subtotal: bigint;
  discount: bigint;
  tax: bigint;
  total: bigint;
} {
  const step = minorUnitStep(input.currency);
  const byId = new Map(input.invoiceLines.map((l) => [l.stripeId, l]));
  let subtotal = 0n;
  let discount = 0n;
  let itemDiscount = 0n;
  let tax = 0n;
  for (const l of input.lines) {
    if (l.type === "custom_line_item") {
      subtotal += BigInt(l.unit_amount) * BigInt(l.quantity);
      continue;
    }
    const amount = BigInt(l.amount);
    subtotal += amount;
    const il = byId.get(l.invoice_line_item);
    if (!il || il.amount === 0n) continue;
    const d = roundHalfUpToStep(rational(il.discountTotal * amount, il.amount), step);
    discount += d;
    // The item discounts' part of the pro-rata discount, rounded the same way.
    const own = il.itemDiscount ?? 0n;
    const ownPart = own === il.discountTotal ? d : roundHalfUpToStep(rational(own * amount, il.amount), step);
    itemDiscount += ownPart > d ? d : ownPart;
    const taxable = rational(amount - d);
    for (const t of il.taxes) {
      if (t.inclusive) continue;
      tax += roundHalfUpToStep(mul(taxable, div(parseDecimal(t.percentage), rational(100n))), step);
    }
  }
  subtotal -= itemDiscount;
  return { subtotal, discount, tax, total: subtotal - (discount - itemDiscount) + tax };
}
