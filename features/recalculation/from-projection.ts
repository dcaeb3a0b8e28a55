// The synced invoice (our projection of Stripe's) as billing-math input, and Stripe's stored
// figures as the "original" side of a recalculation. Pure: the loader hands plain rows in.
//
// The original side is what the customer was charged (Stripe's stored numbers), not our
// recomputation of it, so a line Stripe got wrong shows a difference even before any edit.
import type { DiscountInput, InvoiceInput, InvoiceResult, LineResult, TaxAmount } from "@/features/billing-math";
import { parseDecimal, toDecimalString } from "@/lib/money";
import { explainLine, pricedLine, type ExplainPrice } from "@/features/billing-display/explain-line";

export interface ProjectionDiscount {
  discountId: string;
  couponId: string | null;
  percentOff: string | null;
  amountOff: bigint | null;
  amount: bigint;
}

export interface ProjectionTax {
  taxRateId: string;
  displayName: string | null;
  percentage: string;
  inclusive: boolean;
  amount: bigint;
  taxableAmount: bigint;
  /** Stripe Tax's taxability_reason (null for manual tax rates). */
  taxabilityReason?: string | null;
}

export interface ProjectionLine {
  /** Stripe's line id (il_…): the id a credit note line refers to. */
  stripeId: string;
  description: string | null;
  quantity: string;
  unitAmountDecimal: string | null;
  amount: bigint;
  priceId: string | null;
  productId: string | null;
  periodStart: Date | null;
  /** For tiered, package and proration lines (features/billing-display/explain-line.ts): the line's period end, proration flag and price. */
  periodEnd?: Date | null;
  proration?: boolean;
  subscriptionItemId?: string | null;
  price?: ExplainPrice | null;
  /** In stored order; scope "line" = the line's own coupon, "invoice" = its share of an invoice coupon. */
  discounts: (ProjectionDiscount & { scope: string })[];
  taxes: ProjectionTax[];
}

export interface ProjectionInvoice {
  currency: string;
  subtotal: bigint;
  subtotalExcludingTax: bigint | null;
  total: bigint;
  totalExcludingTax: bigint | null;
  /** Stripe's total_discount_amounts (line and invoice coupons), in stored order. */
  discounts: ProjectionDiscount[];
  taxes: ProjectionTax[];
  lines: ProjectionLine[];
}

// Numeric columns may come back with their scale ("12.000000000000"): keep the plain decimal.
const pct = (p: string) => toDecimalString(parseDecimal(p));

/** A coupon's terms; an unexpanded coupon (no terms synced) is taken as the fixed amount Stripe applied. */
function terms(d: ProjectionDiscount): DiscountInput {
  if (d.percentOff !== null) return { id: d.discountId, couponId: d.couponId, percentOff: pct(d.percentOff) };
  return { id: d.discountId, couponId: d.couponId, amountOff: d.amountOff ?? d.amount };
}

export function invoiceInputFromProjection(inv: ProjectionInvoice): InvoiceInput {
  const own = new Set(inv.lines.flatMap((l) => l.discounts.filter((d) => d.scope === "line").map((d) => d.discountId)));
  const invoiceDiscounts = inv.discounts.filter((d) => !own.has(d.discountId));
  // Invoice coupons' terms are also on every line share; prefer those when the invoice row lacks them.
  const shareTerms = new Map(inv.lines.flatMap((l) => l.discounts.filter((d) => d.scope !== "line").map((d) => [d.discountId, d] as const)));
  const invoiceIds = new Set(invoiceDiscounts.map((d) => d.discountId));
  return {
    currency: inv.currency,
    lines: inv.lines.map((l) => {
      const lineOwn = l.discounts.filter((d) => d.scope === "line");
      // Stripe lists a share (possibly 0) of every invoice coupon on each discountable line:
      // a line with none of them, and no coupon of its own, was not discountable.
      const discountable = invoiceIds.size === 0 || lineOwn.length > 0 || l.discounts.some((d) => invoiceIds.has(d.discountId));
      return {
        id: l.stripeId,
        quantity: pct(l.quantity),
        ...(l.unitAmountDecimal !== null ? { unitAmountDecimal: pct(l.unitAmountDecimal) } : { amount: l.amount }),
        discountable,
        discounts: lineOwn.map(terms),
        taxRates: l.taxes.map((t) => ({ id: t.taxRateId, percentage: pct(t.percentage), inclusive: t.inclusive, displayName: t.displayName })),
        // Stripe Tax: what each entry taxed (not collected, a portion) is kept through the recalculation.
        taxability: l.taxes.some((t) => t.taxabilityReason)
          ? l.taxes.map((t) => ({ taxRateId: t.taxRateId, reason: t.taxabilityReason ?? null, taxableAmount: t.taxableAmount }))
          : null,
        priceId: l.priceId,
        productId: l.productId,
        periodStart: l.periodStart ? Math.floor(l.periodStart.getTime() / 1000) : null,
        description: l.description,
        // A tiered, package or proration line whose amount Stripe's math reproduces is priced by
        // its price (tiers recomputed with the quantity, proration moved with the change date).
        ...(pricedLine(
          explainLine({
            id: l.stripeId,
            amount: l.amount,
            quantity: pct(l.quantity),
            currency: inv.currency,
            proration: l.proration ?? false,
            periodStart: l.periodStart,
            periodEnd: l.periodEnd ?? null,
            subscriptionItemId: l.subscriptionItemId ?? null,
            description: l.description,
            price: l.price ?? null,
          }),
        ) ?? {}),
      };
    }),
    discounts: invoiceDiscounts.map((d) => {
      const share = shareTerms.get(d.discountId);
      return d.percentOff === null && d.amountOff === null && share && (share.percentOff !== null || share.amountOff !== null)
        ? terms({ ...share, amount: d.amount })
        : terms(d);
    }),
    defaultTaxRates: [],
  };
}

const taxAmount = (t: ProjectionTax): TaxAmount => ({
  taxRateId: t.taxRateId,
  percentage: pct(t.percentage),
  inclusive: t.inclusive,
  taxableAmount: t.taxableAmount,
  amount: t.amount,
  taxabilityReason: t.taxabilityReason ?? null,
});
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** Stripe's stored figures in billing-math's result shape (the "original" column). */
export function storedInvoiceResult(inv: ProjectionInvoice): InvoiceResult {
  const lines: LineResult[] = inv.lines.map((l) => {
    const discountTotal = sum(l.discounts.map((d) => d.amount));
    const taxes = l.taxes.map(taxAmount);
    const exclusiveTax = sum(taxes.filter((t) => !t.inclusive).map((t) => t.amount));
    const inclusiveTax = sum(taxes.filter((t) => t.inclusive).map((t) => t.amount));
    const discountedAmount = l.amount - discountTotal;
    return {
      id: l.stripeId,
      amount: l.amount,
      discountAmounts: l.discounts.map((d) => ({ discountId: d.discountId, scope: d.scope === "line" ? "line" : "invoice", amount: d.amount })),
      discountTotal,
      discountedAmount,
      taxes,
      exclusiveTax,
      inclusiveTax,
      total: discountedAmount + exclusiveTax,
    };
  });
  const totalTaxes = inv.taxes.map(taxAmount);
  const totalTax = sum(totalTaxes.map((t) => t.amount));
  const inclusive = sum(totalTaxes.filter((t) => t.inclusive).map((t) => t.amount));
  const totalDiscountAmounts = inv.discounts.map((d) => ({ discountId: d.discountId, amount: d.amount }));
  return {
    currency: inv.currency.toLowerCase(),
    lines,
    subtotal: inv.subtotal,
    subtotalExcludingTax: inv.subtotalExcludingTax ?? inv.subtotal - inclusive,
    totalDiscountAmounts,
    totalDiscount: sum(totalDiscountAmounts.map((d) => d.amount)),
    totalTaxes,
    totalTax,
    total: inv.total,
    totalExcludingTax: inv.totalExcludingTax ?? inv.total - totalTax,
  };
}
