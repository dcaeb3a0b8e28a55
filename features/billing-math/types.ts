// Input and result shapes of the billing math. Inputs accept what the two sources hand us
// (Stripe's JSON numbers and decimal strings, Prisma.Decimal via toString(), bigint columns);
// results are always bigint minor units of the invoice currency.
import type { PriceInput } from "./pricing";

/** A decimal as a string ("0.0125"), a number Stripe sent (8.875), a bigint, or anything whose toString() is a plain decimal (Prisma.Decimal, Stripe's Decimal). */
export type DecimalInput = string | number | bigint | { toString(): string };

/** An integer amount in minor units (Stripe's JSON numbers or a BigInt column). */
export type MinorInput = bigint | number;

/** One coupon application, reported under the Discount id (di_…) as Stripe does. */
export interface DiscountInput {
  id: string;
  couponId?: string | null;
  /** Percent off, e.g. "12.5". Exactly one of percentOff / amountOff. */
  percentOff?: DecimalInput | null;
  /** Amount off in minor units of the invoice currency. */
  amountOff?: MinorInput | null;
}

export interface TaxRateInput {
  id: string;
  /** Percentage as a decimal, e.g. "8.875". */
  percentage: DecimalInput;
  inclusive: boolean;
  displayName?: string | null;
}

export interface TaxabilityInput {
  taxRateId: string;
  reason?: string | null;
  taxableAmount?: MinorInput | null;
}

export interface LineInput {
  id: string;
  /** Defaults to 1. May be a decimal ("1.5"). */
  quantity?: DecimalInput | null;
  /** Unit price in minor units, possibly fractional ("0.0125"). */
  unitAmountDecimal?: DecimalInput | null;
  /** The line's amount when it has no unit price (imported or custom amounts). */
  amount?: MinorInput | null;
  /** Stripe's `discountable`: false keeps every discount off the line (default true). */
  discountable?: boolean;
  /** The line's own discounts, applied in order before invoice-level ones. */
  discounts?: readonly DiscountInput[];
  /**
   * Invoice-level discounts already allocated to this line, taken as given (the audit checks the
   * arithmetic after Stripe's stored allocations). Applied after the line's own discounts and
   * reported with scope "invoice", so they stay out of the subtotal.
   */
  allocatedInvoiceDiscounts?: readonly { id: string; amount: MinorInput }[];
  /** The line's tax rates; null/missing means the invoice's default tax rates, [] means none. */
  taxRates?: readonly TaxRateInput[] | null;
  /**
   * Stripe Tax: each tax entry's `taxability_reason` and own `taxable_amount`, by tax rate id
   * (see taxability.ts). A rate without an entry here is applied to the whole line.
   */
  taxability?: readonly TaxabilityInput[] | null;
  /** Used to match contracted tariffs (recalculation only; the math ignores them). */
  priceId?: string | null;
  productId?: string | null;
  /** Unix seconds of the line's period start, to pick the tariff in force. */
  periodStart?: number | null;
  description?: string | null;
  /**
   * The price that makes the line's amount when it is not quantity × unit amount: a tiered or
   * package price (pricing.ts), or the item's price of a proration line. With it the amount
   * follows the quantity (tiers recomputed); unitAmountDecimal and amount are then ignored.
   */
  price?: PriceInput | null;
  /** A proration line (proration.ts): its amount is `price` × quantity prorated from prorationDate to periodEnd. */
  proration?: LineProration | null;
}

/** Where a proration line sits in its item's billing period (Unix seconds). */
export interface LineProration {
  /** "credit": Unused time on the old item (negative); "debit": Remaining time on the new one. */
  side: "credit" | "debit";
  periodStart: number;
  periodEnd: number;
  /** The change's time: the line covers [prorationDate, periodEnd). */
  prorationDate: number;
}

export interface InvoiceInput {
  currency: string;
  lines: readonly LineInput[];
  /** Invoice-level discounts, applied in order after all line discounts. */
  discounts?: readonly DiscountInput[];
  defaultTaxRates?: readonly TaxRateInput[];
}

export interface DiscountAmount {
  discountId: string;
  scope: "line" | "invoice";
  amount: bigint;
}

export interface TaxAmount {
  taxRateId: string;
  /** Normalised decimal string of the percentage. */
  percentage: string;
  inclusive: boolean;
  /** As Stripe reports it: for inclusive rates the discounted amount net of the line's inclusive taxes. */
  taxableAmount: bigint;
  amount: bigint;
  /** Stripe Tax's taxability_reason of the entry, when it has one. */
  taxabilityReason?: string | null;
}

export interface LineResult {
  id: string;
  /** quantity × unit amount (or the explicit amount): Stripe's line `amount`, before discounts. */
  amount: bigint;
  /** Line discounts in order, then each invoice discount's allocation (Stripe's `discount_amounts`). */
  discountAmounts: DiscountAmount[];
  discountTotal: bigint;
  /** amount − discountTotal: what every tax on this line is computed on. */
  discountedAmount: bigint;
  taxes: TaxAmount[];
  exclusiveTax: bigint;
  inclusiveTax: bigint;
  /** What this line adds to the invoice total: discountedAmount + exclusiveTax. */
  total: bigint;
}

export interface InvoiceResult {
  currency: string;
  lines: LineResult[];
  /** Σ line amounts net of the lines' own (item) discounts: before invoice-level discounts and exclusive tax (Stripe's `subtotal`). */
  subtotal: bigint;
  /** subtotal − inclusive taxes. */
  subtotalExcludingTax: bigint;
  /** Per discount id, in order of first appearance over the lines (Stripe's `total_discount_amounts`). */
  totalDiscountAmounts: { discountId: string; amount: bigint }[];
  totalDiscount: bigint;
  /** Per tax rate id, in order of first appearance over the lines (Stripe's `total_taxes`). */
  totalTaxes: TaxAmount[];
  totalTax: bigint;
  total: bigint;
  totalExcludingTax: bigint;
}

/** The amounts Stripe (or our projection of it) stored for an invoice, in minor units. */
export interface StoredInvoiceAmounts {
  id?: string;
  currency: string;
  lines: {
    id: string;
    amount: bigint;
    discountAmounts: { discountId: string; amount: bigint }[];
    taxes: { taxRateId: string; amount: bigint; taxableAmount?: bigint | null; taxabilityReason?: string | null }[];
  }[];
  subtotal: bigint;
  subtotalExcludingTax?: bigint | null;
  totalDiscountAmounts: { discountId: string; amount: bigint }[];
  totalTaxes: { taxRateId: string; amount: bigint; taxableAmount?: bigint | null; taxabilityReason?: string | null }[];
  total: bigint;
  totalExcludingTax?: bigint | null;
  amountDue?: bigint | null;
  amountPaid?: bigint | null;
  amountRemaining?: bigint | null;
}

export interface Mismatch {
  /** Stripe's field path, e.g. `lines[il_1].taxes[txr_1].amount` or `total`. */
  field: string;
  expected: bigint;
  actual: bigint;
}
