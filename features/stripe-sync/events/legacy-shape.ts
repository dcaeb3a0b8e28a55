// Objects written by Stripe before API 2025-03-31 ("basil") still reach Settle: event snapshots
// and stored payloads keep the API version they were created with, and an account whose
// webhook endpoint is pinned to an old version receives old shapes. Settle reads the current
// shape only, so this converts the fields that version renamed or moved (Stripe's changelog,
// "2025-03-31.basil": invoice line items and taxes, discounts' coupon under `source`), and
// leaves objects that already have the current field alone. Pure: no I/O, no server-only.
//
// What it does not do: invent what an old object never said. A legacy invoice names its
// payment intent and charge directly (`payment_intent`, `charge`) instead of listing
// InvoicePayment objects; Stripe has no InvoicePayment id for it here, so none is made up and
// the invoice's `amount_paid` stays the record of payment.
import type { StripeJson } from "../types";

const idOf = (v: unknown): string | null =>
  typeof v === "string" ? v : v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : null;

/** A pre-basil `tax_amounts` entry → a current `taxes` entry. */
function taxFromTaxAmount(t: StripeJson): StripeJson {
  return {
    amount: t.amount,
    tax_behavior: t.inclusive ? "inclusive" : "exclusive",
    tax_rate_details: { tax_rate: idOf(t.tax_rate) },
    taxability_reason: t.taxability_reason ?? null,
    taxable_amount: t.taxable_amount ?? null,
    type: "tax_rate_details",
  };
}

/** A pre-basil discount carries `coupon` itself; the current one names it under `source`. */
function discount(d: unknown): unknown {
  if (!d || typeof d !== "object") return d;
  const o = d as StripeJson;
  if (o.source || !o.coupon) return o;
  const { coupon, ...rest } = o;
  return { ...rest, source: { type: "coupon", coupon } };
}

function pricing(l: StripeJson): StripeJson | null {
  const price = l.price ?? l.plan ?? null;
  if (!price) return null;
  const unit = typeof price === "object" ? (price.unit_amount_decimal ?? price.amount_decimal ?? null) : null;
  return {
    type: "price_details",
    price_details: { price: idOf(price), product: typeof price === "object" ? idOf(price.product) : null },
    unit_amount_decimal: unit === null ? null : String(unit),
  };
}

function parent(l: StripeJson): StripeJson | null {
  const proration = l.proration === true;
  const proration_details = l.proration_details ?? { credited_items: null };
  if (l.type === "subscription" || (l.subscription_item && !l.invoice_item)) {
    return {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: idOf(l.invoice_item),
        proration,
        proration_details,
        subscription: idOf(l.subscription),
        subscription_item: idOf(l.subscription_item),
      },
    };
  }
  if (l.type === "invoiceitem" || l.invoice_item) {
    return {
      type: "invoice_item_details",
      invoice_item_details: { invoice_item: idOf(l.invoice_item), proration, proration_details, subscription: idOf(l.subscription) },
      subscription_item_details: null,
    };
  }
  return null;
}

/**
 * `taxable_amount` arrived in 2022; a tax entry recorded before it has none. Stripe defines it as
 * the line's amount after its discounts, less the line's inclusive taxes when the rate is
 * inclusive: derived from the line's own figures so it is not read as 0.
 */
function withTaxableAmounts(l: StripeJson, taxes: StripeJson[]): StripeJson[] {
  if (taxes.every((t) => t.taxable_amount !== null && t.taxable_amount !== undefined)) return taxes;
  const discounted = Number(l.amount ?? 0) - (l.discount_amounts ?? []).reduce((s: number, d: StripeJson) => s + Number(d.amount ?? 0), 0);
  const inclusiveTax = taxes.filter((t) => t.tax_behavior === "inclusive").reduce((s, t) => s + Number(t.amount ?? 0), 0);
  return taxes.map((t) =>
    t.taxable_amount !== null && t.taxable_amount !== undefined
      ? t
      : { ...t, taxable_amount: t.tax_behavior === "inclusive" ? discounted - inclusiveTax : discounted },
  );
}

export function invoiceLineToCurrentShape(l: StripeJson): StripeJson {
  if (!l || typeof l !== "object") return l;
  const out: StripeJson = { ...l };
  if (!("taxes" in l) && Array.isArray(l.tax_amounts)) out.taxes = withTaxableAmounts(l, l.tax_amounts.map(taxFromTaxAmount));
  if (!("pricing" in l)) {
    const p = pricing(l);
    if (p) out.pricing = p;
  }
  if (!("parent" in l)) {
    const p = parent(l);
    if (p) out.parent = p;
  }
  if (Array.isArray(l.discounts)) out.discounts = l.discounts.map(discount);
  if (Array.isArray(l.discount_amounts)) out.discount_amounts = l.discount_amounts.map((a: StripeJson) => ({ ...a, discount: discount(a.discount) }));
  return out;
}

export function invoiceToCurrentShape(inv: StripeJson): StripeJson {
  if (!inv || typeof inv !== "object" || inv.deleted) return inv;
  const out: StripeJson = { ...inv };
  if (!("total_taxes" in inv) && Array.isArray(inv.total_tax_amounts)) out.total_taxes = inv.total_tax_amounts.map(taxFromTaxAmount);
  if (Array.isArray(inv.discounts)) out.discounts = inv.discounts.map(discount);
  if (Array.isArray(inv.total_discount_amounts))
    out.total_discount_amounts = inv.total_discount_amounts.map((a: StripeJson) => ({ ...a, discount: discount(a.discount) }));
  if (!("parent" in inv) && inv.subscription) {
    out.parent = {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: inv.subscription_details?.metadata ?? null, subscription: idOf(inv.subscription) },
    };
  }
  if (inv.lines && Array.isArray(inv.lines.data)) out.lines = { ...inv.lines, data: inv.lines.data.map(invoiceLineToCurrentShape) };
  // An invoice total recorded without taxable_amount: the sum of its lines' for that rate (all
  // lines are here unless has_more, in which case the sync pages them before reading totals).
  if (!("total_taxes" in inv) && Array.isArray(out.total_taxes) && !out.lines?.has_more) {
    const lineTaxes: StripeJson[] = (out.lines?.data ?? []).flatMap((l: StripeJson) => l.taxes ?? []);
    out.total_taxes = out.total_taxes.map((t: StripeJson) => {
      if (t.taxable_amount !== null && t.taxable_amount !== undefined) return t;
      const same = lineTaxes.filter((x) => x.tax_rate_details?.tax_rate === t.tax_rate_details?.tax_rate);
      return same.length ? { ...t, taxable_amount: same.reduce((s, x) => s + Number(x.taxable_amount ?? 0), 0) } : t;
    });
  }
  return out;
}

/**
 * A pre-basil subscription carries its billing period itself (current_period_start/end); since
 * 2025-03-31 each item does ("Adds subscription item-level billing periods and removes
 * subscription-level periods", docs.stripe.com/changelog/basil/2025-03-31/deprecate-subscription-current-period-start-and-end).
 * The old subscription-level period is every item's period.
 */
export function subscriptionToCurrentShape(sub: StripeJson): StripeJson {
  if (!sub || typeof sub !== "object" || !Array.isArray(sub.items?.data)) return sub;
  // The old field is read only where the current one is missing (reads-declared-fields.int.test.ts).
  const items: StripeJson[] = sub.items.data;
  if (items.every((i) => "current_period_start" in i)) return sub;
  const data = items.map((i) =>
    "current_period_start" in i ? i : { ...i, current_period_start: sub.current_period_start ?? null, current_period_end: sub.current_period_end ?? null },
  );
  return { ...sub, items: { ...sub.items, data } };
}

/** Any object Settle projects, in the current API shape (invoices and subscriptions changed shape for what Settle reads). */
export function toCurrentShape(kind: string, o: StripeJson): StripeJson {
  if (kind === "subscription") return subscriptionToCurrentShape(o);
  return kind === "invoice" ? invoiceToCurrentShape(o) : o;
}
