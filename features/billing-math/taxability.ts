// Stripe Tax taxability: each tax entry of a line (`taxes[]` at the pinned API version, `tax_amounts[]`
// before 2025-03-31) carries a `taxability_reason` and its own `taxable_amount`. The reason says how
// much of the line the rate applied to, so the billing math must read it before applying the rate:
//
// - full:    the rate applies to the whole (discounted) line — standard_rated, reduced_rated, and
//            entries without a reason (manual tax rates).
// - zero:    nothing is collected whatever the rate — not_collecting (no registration), customer_exempt,
//            product_exempt, product_exempt_holiday, reverse_charge, zero_rated, not_subject_to_tax,
//            not_supported, not_available, excluded_territory, jurisdiction_unsupported. Stripe reports
//            the entry's own taxable_amount (0 when not collecting); the tax amount is 0.
// - portion: the rate applies to part of the line, the entry's own taxable_amount — portion_product_exempt,
//            portion_reduced_rated, portion_standard_rated, proportionally_rated, taxable_basis_reduced,
//            proration. A reason Stripe adds later is read this way too: its taxable_amount is the only
//            base the entry can be checked against.
// Source: Stripe API reference, invoice line item `taxes[].taxability_reason` ("The reasoning behind this
// tax, for example, if the product is tax exempt"), and the Stripe Tax guide "Zero tax amounts and
// reverse charges" (the not_collecting example with `amount: 0` on a 0 % rate).
import { roundHalfUp } from "@/lib/money";

export type TaxabilityKind = "full" | "zero" | "portion";

/** Every reason Stripe documents for invoice and Tax-calculation tax entries, by kind. */
export const TAXABILITY_REASONS = {
  standard_rated: "full",
  reduced_rated: "full",
  not_collecting: "zero",
  customer_exempt: "zero",
  product_exempt: "zero",
  product_exempt_holiday: "zero",
  reverse_charge: "zero",
  zero_rated: "zero",
  not_subject_to_tax: "zero",
  not_supported: "zero",
  not_available: "zero",
  excluded_territory: "zero",
  jurisdiction_unsupported: "zero",
  portion_product_exempt: "portion",
  portion_reduced_rated: "portion",
  portion_standard_rated: "portion",
  proportionally_rated: "portion",
  taxable_basis_reduced: "portion",
  proration: "portion",
} as const satisfies Record<string, TaxabilityKind>;

export type TaxabilityReason = keyof typeof TAXABILITY_REASONS;

export function taxabilityKind(reason: string | null | undefined): TaxabilityKind {
  if (reason === null || reason === undefined || reason === "") return "full";
  return (TAXABILITY_REASONS as Record<string, TaxabilityKind>)[reason] ?? "portion";
}

/** True when the entry collects no tax by its reason (the invoice shows "not collected: <reason>"). */
export function isNotCollected(reason: string | null | undefined): boolean {
  return taxabilityKind(reason) === "zero";
}

export interface TaxEntryInput {
  reason: string | null | undefined;
  /** The rate as an exact fraction: percentage = n / d. */
  p: { n: bigint; d: bigint };
  inclusive: boolean;
  /** The line's amount after all its discounts (what a full rate applies to). */
  base: bigint;
  /** The entry's own taxable_amount as Stripe reported it (portion and zero kinds). */
  taxableAmount: bigint | null | undefined;
  /** Rounding step of the currency (10 for three-decimal currencies). */
  step: bigint;
}

function round(n: bigint, d: bigint, step: bigint): bigint {
  return roundHalfUp({ n, d: d * step }) * step;
}

/**
 * The tax amount of one entry, and the taxable amount to report for it (for a full inclusive rate the
 * caller still nets the line's inclusive taxes out of the reported taxable amount, as Stripe does).
 */
export function taxForEntry(e: TaxEntryInput): { kind: TaxabilityKind; amount: bigint; taxableAmount: bigint } {
  const kind = taxabilityKind(e.reason);
  if (kind === "full") {
    const den = e.inclusive ? 100n * e.p.d + e.p.n : 100n * e.p.d;
    return { kind, amount: round(e.base * e.p.n, den, e.step), taxableAmount: e.base };
  }
  const own = e.taxableAmount ?? (kind === "zero" ? 0n : e.base);
  if (kind === "zero") return { kind, amount: 0n, taxableAmount: own };
  // A portion: the rate on the entry's own taxable amount, which Stripe reports net of tax for
  // inclusive prices too, so the exclusive formula applies to both behaviours.
  return { kind, amount: round(own * e.p.n, 100n * e.p.d, e.step), taxableAmount: own };
}
