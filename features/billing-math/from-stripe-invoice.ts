// Adapter from Stripe's invoice objects (as the SDK types them, or plain JSON) to the billing
// math's input, plus the amounts Stripe stored, for verification. Structural types so both the
// SDK's `Stripe.Invoice` and raw API JSON fit; ids that Stripe does not expand are resolved
// through lookups (line taxes only name their tax rate; discounts only name their coupon).
import { normalizeCurrency } from "@/lib/money";
import { toMinor } from "./normalize";
import { billedAtZeroUnit, priceAmount, type PriceInput } from "./pricing";
import { isNotCollected } from "./taxability";
import type { DecimalInput, DiscountInput, InvoiceInput, LineInput, StoredInvoiceAmounts, TaxRateInput } from "./types";

type Ref<T> = string | T;

export interface StripeCouponLike {
  id: string;
  percent_off?: number | string | null;
  amount_off?: number | null;
  currency?: string | null;
  currency_options?: Record<string, { amount_off: number }> | null;
}
export interface StripeDiscountLike {
  id: string;
  deleted?: boolean | void;
  /** The coupon is `source.coupon` (a discount has no `coupon` of its own at the pinned API version). */
  source?: { coupon?: Ref<StripeCouponLike> | null } | null;
}
export interface StripeTaxRateLike {
  id: string;
  percentage: number | string;
  inclusive: boolean;
  display_name?: string | null;
}
interface StripeTaxLike {
  amount: number;
  taxable_amount?: number | null;
  taxability_reason?: string | null;
  tax_behavior?: string | null;
  tax_rate_details?: { tax_rate: Ref<StripeTaxRateLike> } | null;
}
/** A tax entry before API 2025-03-31 (`tax_amounts` / `total_tax_amounts`). */
interface StripeTaxAmountLike {
  amount: number;
  inclusive?: boolean;
  tax_rate: Ref<StripeTaxRateLike>;
  taxability_reason?: string | null;
  taxable_amount?: number | null;
}
interface StripeDiscountAmountLike {
  amount: number;
  discount: Ref<{ id: string }>;
}
/** A Price as Stripe returns it (tiers only when expanded: `expand[]=tiers`). */
export interface StripePriceLike {
  id: string;
  billing_scheme?: string | null;
  tiers_mode?: string | null;
  tiers?: Array<{
    up_to: number | "inf" | null;
    unit_amount?: number | null;
    unit_amount_decimal?: DecimalInput | null;
    flat_amount?: number | null;
    flat_amount_decimal?: DecimalInput | null;
  }> | null;
  transform_quantity?: { divide_by: number; round: string } | null;
  unit_amount?: number | null;
  unit_amount_decimal?: DecimalInput | null;
}
export interface StripeLineLike {
  id: string;
  amount: number;
  description?: string | null;
  discountable?: boolean;
  discounts?: Array<Ref<StripeDiscountLike>> | null;
  discount_amounts?: StripeDiscountAmountLike[] | null;
  taxes?: StripeTaxLike[] | null;
  tax_amounts?: StripeTaxAmountLike[] | null;
  quantity?: number | null;
  quantity_decimal?: DecimalInput | null;
  pricing?: { unit_amount_decimal?: DecimalInput | null; price_details?: { price: Ref<StripePriceLike>; product: string } | null } | null;
  period?: { start: number; end: number } | null;
  parent?: { invoice_item_details?: { proration?: boolean } | null; subscription_item_details?: { proration?: boolean } | null } | null;
}
export interface StripeInvoiceLike {
  id?: string;
  currency: string;
  lines?: { data: StripeLineLike[]; has_more?: boolean } | null;
  discounts?: Array<Ref<StripeDiscountLike>> | null;
  default_tax_rates?: StripeTaxRateLike[] | null;
  subtotal: number;
  subtotal_excluding_tax?: number | null;
  total: number;
  total_excluding_tax?: number | null;
  total_discount_amounts?: StripeDiscountAmountLike[] | null;
  total_taxes?: StripeTaxLike[] | null;
  total_tax_amounts?: StripeTaxAmountLike[] | null;
  amount_due?: number | null;
  amount_paid?: number | null;
  amount_remaining?: number | null;
}

export type Lookup<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>> | ((id: string) => T | undefined);

export interface StripeLookups {
  /** Every line of the invoice, when `invoice.lines` holds only the first page (has_more). */
  lines?: readonly StripeLineLike[];
  discounts?: Lookup<StripeDiscountLike>;
  coupons?: Lookup<StripeCouponLike>;
  taxRates?: Lookup<StripeTaxRateLike>;
  /** Prices by id, with their tiers: what package and tiered lines are recomputed from. */
  prices?: Lookup<StripePriceLike>;
}

function find<T>(l: Lookup<T> | undefined, id: string): T | undefined {
  if (!l) return undefined;
  if (typeof l === "function") return l(id);
  if (l instanceof Map) return l.get(id);
  return Object.prototype.hasOwnProperty.call(l, id) ? (l as Record<string, T>)[id] : undefined;
}

const refId = (r: Ref<{ id: string }>) => (typeof r === "string" ? r : r.id);

/** One shape for both generations of tax entries: `taxes[]` (tax_rate_details) and the older `tax_amounts[]`. */
function taxEntries(current: StripeTaxLike[] | null | undefined, older: StripeTaxAmountLike[] | null | undefined): StripeTaxLike[] {
  if (current?.length || !older?.length) return current ?? [];
  return older.map((t) => ({
    amount: t.amount,
    taxable_amount: t.taxable_amount,
    taxability_reason: t.taxability_reason,
    tax_behavior: t.inclusive ? "inclusive" : "exclusive",
    tax_rate_details: { tax_rate: t.tax_rate },
  }));
}

/** The price math's view of a package or tiered price; null for a plain per_unit price or one whose tiers are not known. */
function schemedPrice(p: StripePriceLike): PriceInput | null | "unknown" {
  if (p.billing_scheme === "tiered") {
    if (!p.tiers?.length || (p.tiers_mode !== "graduated" && p.tiers_mode !== "volume")) return "unknown";
    return {
      billingScheme: "tiered",
      tiersMode: p.tiers_mode,
      tiers: p.tiers.map((t) => ({
        upTo: t.up_to,
        unitAmount: t.unit_amount,
        unitAmountDecimal: t.unit_amount_decimal,
        flatAmount: t.flat_amount,
        flatAmountDecimal: t.flat_amount_decimal,
      })),
    };
  }
  if (p.transform_quantity) {
    if (p.transform_quantity.round !== "up" && p.transform_quantity.round !== "down") return "unknown";
    return {
      unitAmount: p.unit_amount,
      unitAmountDecimal: p.unit_amount_decimal,
      transformQuantity: { divideBy: p.transform_quantity.divide_by, round: p.transform_quantity.round },
    };
  }
  return null;
}

/** A price as the billing math reads it (per_unit, package or tiered); null when its tiers or unit amount are not known. */
export function stripePriceInput(p: StripePriceLike): PriceInput | null {
  const schemed = schemedPrice(p);
  if (schemed === "unknown") return null;
  if (schemed) return schemed;
  return p.unit_amount_decimal !== null && p.unit_amount_decimal !== undefined ? { unitAmountDecimal: p.unit_amount_decimal } : null;
}

export function fromStripeInvoice(invoice: StripeInvoiceLike, lookups: StripeLookups = {}): { input: InvoiceInput; stored: StoredInvoiceAmounts } {
  const currency = normalizeCurrency(invoice.currency);
  const rawLines = lookups.lines ?? invoice.lines?.data ?? [];
  if (!lookups.lines && invoice.lines?.has_more) throw new RangeError(`invoice ${invoice.id ?? "?"}: lines has_more; pass every line in lookups.lines`);

  const rates = new Map<string, TaxRateInput>();
  const rateOf = (r: Ref<StripeTaxRateLike>, entry?: StripeTaxLike): TaxRateInput => {
    const id = refId(r);
    let t = rates.get(id);
    if (t) return t;
    let obj = typeof r === "string" ? find(lookups.taxRates, id) : r;
    // An entry that collects nothing by its reason needs no percentage (its amount is 0 whatever it is).
    if (!obj && entry && isNotCollected(entry.taxability_reason)) obj = { id, percentage: 0, inclusive: entry.tax_behavior === "inclusive" };
    if (!obj) throw new RangeError(`tax rate ${id}: not expanded and not in lookups.taxRates`);
    t = { id, percentage: String(obj.percentage), inclusive: obj.inclusive, displayName: obj.display_name ?? null };
    rates.set(id, t);
    return t;
  };
  const defaultTaxRates = (invoice.default_tax_rates ?? []).map((r) => rateOf(r));

  const discountOf = (r: Ref<StripeDiscountLike>): DiscountInput => {
    const id = refId(r);
    const d = typeof r === "string" ? find(lookups.discounts, id) : r;
    if (!d) throw new RangeError(`discount ${id}: not expanded and not in lookups.discounts`);
    const cref = d.source?.coupon;
    if (!cref) throw new RangeError(`discount ${id}: no coupon`);
    const coupon = typeof cref === "string" ? find(lookups.coupons, cref) : cref;
    if (!coupon) throw new RangeError(`coupon ${cref as string}: not expanded and not in lookups.coupons`);
    if (coupon.percent_off !== null && coupon.percent_off !== undefined) return { id, couponId: coupon.id, percentOff: String(coupon.percent_off) };
    const inCurrency = coupon.currency_options?.[currency]?.amount_off;
    // Stripe refuses a fixed-amount coupon in another currency; such a discount applies nothing.
    const amountOff = inCurrency ?? (coupon.currency && normalizeCurrency(coupon.currency) !== currency ? 0 : (coupon.amount_off ?? 0));
    return { id, couponId: coupon.id, amountOff: toMinor(amountOff, `coupon ${coupon.id} amount_off`) };
  };

  const lines: LineInput[] = rawLines.map((l) => {
    const taxes = taxEntries(l.taxes, l.tax_amounts);
    const unit = l.pricing?.unit_amount_decimal;
    const hasUnit = unit !== null && unit !== undefined;
    const price = l.pricing?.price_details?.price;
    const quantity = l.quantity_decimal ?? l.quantity ?? 1;
    // What the line's amount is recomputed from (null = taken as billed):
    // - a proration: never quantity × unit. The unit Stripe reports on a proration is not the
    //   same across sources (the price's 2000 on the recorded −1986 credit of API 2024-04-10; the
    //   prorated amount per unit in the emulator), and recomputing it needs the subscription
    //   item's whole period, which is not on the invoice: the billing audit's line_math checks
    //   it with prorateChange where that is known.
    // - a package or tiered price (expanded on the line or in lookups.prices): priceAmount();
    //   tiered without its tiers: taken as billed, never quantity × unit.
    // - otherwise quantity × unit_amount_decimal, as before.
    const proration = l.parent?.subscription_item_details?.proration === true || l.parent?.invoice_item_details?.proration === true;
    const priceObj = price ? (typeof price === "string" ? find(lookups.prices, price) : price) : undefined;
    // - a trial line ("Trial period for …"): quantity × 0, not priceAmount() (billedAtZeroUnit).
    const atZero = billedAtZeroUnit(unit, l.amount);
    const schemed = !proration && !atZero && priceObj ? schemedPrice(priceObj) : null;
    const fixed: bigint | null =
      proration || schemed === "unknown" ? toMinor(l.amount, `line ${l.id} amount`) : schemed ? priceAmount(schemed, quantity, currency).amount : null;
    return {
      id: l.id,
      quantity,
      unitAmountDecimal: hasUnit && fixed === null ? unit : null,
      amount: fixed !== null ? fixed : hasUnit ? null : toMinor(l.amount, `line ${l.id} amount`),
      discountable: l.discountable !== false,
      discounts: (l.discounts ?? []).map(discountOf),
      // The rates Stripe applied are the ones its taxes name; none → the invoice defaults.
      taxRates: taxes.length ? taxes.flatMap((t) => (t.tax_rate_details ? [rateOf(t.tax_rate_details.tax_rate, t)] : [])) : null,
      // Stripe Tax: each entry's reason and own taxable amount decide what the rate applied to.
      taxability: taxes.some((t) => t.taxability_reason)
        ? taxes.flatMap((t) =>
            t.tax_rate_details
              ? [{ taxRateId: refId(t.tax_rate_details.tax_rate), reason: t.taxability_reason ?? null, taxableAmount: t.taxable_amount ?? null }]
              : [],
          )
        : null,
      priceId: price ? refId(price) : null,
      productId: l.pricing?.price_details?.product ?? null,
      periodStart: l.period?.start ?? null,
      description: l.description ?? null,
    };
  });

  const big = (x: number | null | undefined, what: string) => (x === null || x === undefined ? null : toMinor(x, what));
  const taxesOf = (ts: StripeTaxLike[] | null | undefined) =>
    (ts ?? []).flatMap((t) =>
      t.tax_rate_details
        ? [
            {
              taxRateId: refId(t.tax_rate_details.tax_rate),
              amount: toMinor(t.amount, "tax amount"),
              taxableAmount: big(t.taxable_amount, "taxable_amount"),
              taxabilityReason: t.taxability_reason ?? null,
            },
          ]
        : [],
    );
  const discountAmountsOf = (ds: StripeDiscountAmountLike[] | null | undefined) =>
    (ds ?? []).map((d) => ({ discountId: refId(d.discount), amount: toMinor(d.amount, "discount amount") }));

  const stored: StoredInvoiceAmounts = {
    id: invoice.id,
    currency,
    lines: rawLines.map((l) => ({
      id: l.id,
      amount: toMinor(l.amount, `line ${l.id} amount`),
      discountAmounts: discountAmountsOf(l.discount_amounts),
      taxes: taxesOf(taxEntries(l.taxes, l.tax_amounts)),
    })),
    subtotal: toMinor(invoice.subtotal, "subtotal"),
    subtotalExcludingTax: big(invoice.subtotal_excluding_tax, "subtotal_excluding_tax"),
    totalDiscountAmounts: discountAmountsOf(invoice.total_discount_amounts),
    totalTaxes: taxesOf(taxEntries(invoice.total_taxes, invoice.total_tax_amounts)),
    total: toMinor(invoice.total, "total"),
    totalExcludingTax: big(invoice.total_excluding_tax, "total_excluding_tax"),
    amountDue: big(invoice.amount_due, "amount_due"),
    amountPaid: big(invoice.amount_paid, "amount_paid"),
    amountRemaining: big(invoice.amount_remaining, "amount_remaining"),
  };
  return { input: { currency, lines, discounts: (invoice.discounts ?? []).map(discountOf), defaultTaxRates }, stored };
}
