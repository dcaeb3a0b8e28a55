import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { getStripe } from "@/lib/stripe";
import { withStripePriority } from "@/lib/stripe-budget";
import { isStripeBackPressure } from "@/lib/stripe-back-pressure";
import { logger } from "@/lib/logger";
import type { DisplayDiscount } from "@/features/billing-display/discount-label";
import type { ExplainPrice } from "@/features/billing-display/explain-line";

// The portal's "Next bill": for each of the signed-in customer's live subscriptions, the invoice
// Stripe will send next, read live from Stripe (invoices.createPreview: "At any time, you can
// preview the upcoming invoice for a subscription ... This will show you all the charges that are
// pending, including subscription renewal charges, invoice item charges, etc."). Nothing is
// stored: a preview is not an invoice ("the invoice has not yet been created"), so it is never
// projected. The requests are a person's, at the "people" priority of the shared Stripe budget
// (lib/stripe-budget.ts). Subscriptions are listed live too, so this page does not depend on any
// projection of them.

/** The subscription statuses that have a next bill (Stripe lists all but canceled by default). */
const BILLED = new Set(["active", "trialing", "past_due"]);

export type GetNextBillOptions = {
  /** the signed-in customer's Settle customer ids: only their Stripe customers are asked about */
  customerIds: string[];
  stripe?: Stripe;
  /** subscriptions asked for per page (Stripe's maximum, 100, by default; tests page with fewer) */
  pageSize?: number;
};

export type NextBillTax = { name: string | null; percentage: string; inclusive: boolean; amount: bigint; taxabilityReason: string | null };

export type NextBillLine = {
  id: string;
  description: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  quantity: string;
  unitAmountDecimal: string | null;
  amount: bigint;
  proration: boolean;
  discounts: DisplayDiscount[];
  taxes: NextBillTax[];
  /** The subscription item the line bills (a proration pair of one change shares it). */
  subscriptionItemId: string | null;
  /**
   * The line's Price as projected, when known: what explains a proration or tiered line
   * (billing-display/explain-line.ts) and a metered line's usage so far (metered-usage.ts).
   */
  price?: ExplainPrice;
};

export type NextBill = {
  subscriptionId: string;
  status: string;
  currency: string;
  /** when Stripe will issue it (the renewal date) */
  date: Date;
  /** due date of an invoice sent for payment (collection_method send_invoice) */
  dueDate: Date | null;
  chargedAutomatically: boolean;
  periodStart: Date | null;
  periodEnd: Date | null;
  lines: NextBillLine[];
  /** Stripe embeds the first lines only; more exist */
  moreLines: boolean;
  totals: {
    subtotal: bigint;
    discounts: (DisplayDiscount & { discountId: string })[];
    taxes: NextBillTax[];
    total: bigint;
    prePaymentCreditNotes: bigint;
    postPaymentCreditNotes: bigint;
    startingBalance: bigint;
    amountDue: bigint;
    amountPaid: bigint;
    amountRemaining: bigint;
  };
};

/** A live subscription with nothing more to bill (it ends at its period end). */
export type EndingSubscription = { subscriptionId: string; status: string; endsAt: Date | null };

export type NextBillResult =
  | { state: "ok"; bills: NextBill[]; ending: EndingSubscription[] }
  /** Stripe is throttling or cannot be reached: say so, never show a stale or partial bill */
  | { state: "unavailable" };

const date = (unix: number | null | undefined) => (typeof unix === "number" ? new Date(unix * 1000) : null);
const big = (n: number | null | undefined) => BigInt(n ?? 0);

export async function getNextBill(db: Db, o: GetNextBillOptions): Promise<NextBillResult> {
  if (o.customerIds.length === 0) return { state: "ok", bills: [], ending: [] };
  // Ownership is in the query: only the signed-in customer's own Stripe customers.
  const customers = await db.customer.findMany({
    where: { id: { in: o.customerIds }, deleted: false },
    select: { stripeId: true },
    orderBy: { stripeCreated: "asc" },
  });
  const stripe = o.stripe ?? getStripe();
  try {
    return await withStripePriority("people", async () => {
      const bills: NextBill[] = [];
      const ending: EndingSubscription[] = [];
      for (const c of customers) {
        // every subscription, not only the first page: stripe-node's auto-pagination follows
        // `has_more` with `starting_after` (https://docs.stripe.com/api/pagination/auto); each page
        // is one request at the same "people" priority
        for await (const sub of stripe.subscriptions.list({ customer: c.stripeId, limit: o.pageSize ?? 100 })) {
          if (!BILLED.has(sub.status)) continue;
          const preview = await previewFor(stripe, c.stripeId, sub.id);
          if (!preview) {
            ending.push({ subscriptionId: sub.id, status: sub.status, endsAt: date(sub.cancel_at ?? sub.ended_at) });
            continue;
          }
          bills.push(await toNextBill(db, stripe, sub, preview));
        }
      }
      bills.sort((a, b) => a.date.getTime() - b.date.getTime());
      return { state: "ok" as const, bills, ending };
    });
  } catch (error) {
    if (isStripeBackPressure(error)) {
      logger.warn({ err: error }, "next bill: Stripe unavailable");
      return { state: "unavailable" };
    }
    throw error;
  }
}

/** The upcoming invoice, or null when Stripe has none (`invoice_upcoming_none`: it ends at period end). */
async function previewFor(stripe: Stripe, customer: string, subscription: string): Promise<Stripe.Invoice | null> {
  try {
    return await stripe.invoices.createPreview({ customer, subscription, expand: ["discounts", "lines.data.discounts"] });
  } catch (error) {
    if ((error as { code?: string }).code === "invoice_upcoming_none") return null;
    throw error;
  }
}

type TaxRateInfo = { name: string | null; percentage: string };

/** Tax rate names: from the invoices Settle has projected, else asked of Stripe once. */
async function taxRates(db: Db, stripe: Stripe, ids: string[]): Promise<Map<string, TaxRateInfo>> {
  const out = new Map<string, TaxRateInfo>();
  if (!ids.length) return out;
  const known = await db.invoiceTax.findMany({
    where: { taxRateId: { in: ids } },
    select: { taxRateId: true, displayName: true, percentage: true },
    distinct: ["taxRateId"],
  });
  for (const k of known) out.set(k.taxRateId, { name: k.displayName, percentage: k.percentage.toString() });
  for (const id of ids) {
    if (out.has(id)) continue;
    const r = await stripe.taxRates.retrieve(id);
    out.set(id, { name: r.display_name, percentage: String(r.percentage) });
  }
  return out;
}

type ExpandedDiscount = {
  id: string;
  source?: { coupon?: string | { id: string; name?: string | null; percent_off?: number | null; amount_off?: number | null } | null };
};

function displayDiscount(d: unknown, scope: "line" | "invoice", amount: bigint): DisplayDiscount & { discountId: string } {
  const x = (typeof d === "string" ? { id: d } : d) as ExpandedDiscount;
  const coupon = x.source?.coupon;
  const c = typeof coupon === "object" && coupon ? coupon : null;
  return {
    discountId: x.id,
    couponId: c?.id ?? (typeof coupon === "string" ? coupon : x.id),
    couponName: c?.name ?? null,
    percentOff: c?.percent_off != null ? String(c.percent_off) : null,
    amountOff: c?.amount_off != null ? BigInt(c.amount_off) : null,
    scope,
    amount,
  };
}

const linePriceId = (l: Stripe.InvoiceLineItem): string | null => {
  const p = l.pricing?.price_details?.price;
  return typeof p === "string" ? p : (p?.id ?? null);
};

/** The projected Price rows of the preview's lines (usage type, tiers), one query. */
async function linePrices(db: Db, inv: Stripe.Invoice): Promise<Map<string, ExplainPrice>> {
  const ids = [...new Set(inv.lines.data.map(linePriceId).filter((id): id is string => id !== null))];
  if (!ids.length) return new Map();
  const rows = await db.price.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      usageType: true,
      productName: true,
      billingScheme: true,
      tiersMode: true,
      tiers: true,
      transformQuantity: true,
      unitAmountDecimal: true,
      recurringInterval: true,
      recurringIntervalCount: true,
    },
  });
  return new Map(rows.map((r) => [r.id, { ...r, unitAmountDecimal: r.unitAmountDecimal?.toString() ?? null }]));
}

async function toNextBill(db: Db, stripe: Stripe, sub: Stripe.Subscription, inv: Stripe.Invoice): Promise<NextBill> {
  const rateIds = new Set<string>();
  for (const t of inv.total_taxes ?? []) if (t.tax_rate_details?.tax_rate) rateIds.add(String(t.tax_rate_details.tax_rate));
  for (const l of inv.lines.data) for (const t of l.taxes ?? []) if (t.tax_rate_details?.tax_rate) rateIds.add(String(t.tax_rate_details.tax_rate));
  const rates = await taxRates(db, stripe, [...rateIds]);
  const tax = (t: Stripe.InvoiceLineItem.Tax | Stripe.Invoice.TotalTax): NextBillTax => {
    const info = rates.get(String(t.tax_rate_details?.tax_rate ?? ""));
    return {
      name: info?.name ?? null,
      percentage: info?.percentage ?? "0",
      inclusive: t.tax_behavior === "inclusive",
      amount: big(t.amount),
      taxabilityReason: t.taxability_reason ?? null,
    };
  };
  // which discounts belong to a line (an item coupon) rather than to the invoice
  const invoiceDiscountIds = new Set((inv.discounts ?? []).map((d) => (typeof d === "string" ? d : d.id)));
  const discountObjects = new Map<string, unknown>();
  for (const d of inv.discounts ?? []) if (typeof d !== "string") discountObjects.set(d.id, d);
  const prices = await linePrices(db, inv);
  const lines: NextBillLine[] = inv.lines.data.map((l) => {
    for (const d of l.discounts ?? []) if (typeof d !== "string") discountObjects.set(d.id, d);
    const unit = l.pricing?.unit_amount_decimal;
    return {
      id: l.id,
      description: l.description,
      periodStart: date(l.period?.start),
      periodEnd: date(l.period?.end),
      quantity: String(l.quantity ?? 1),
      unitAmountDecimal: unit != null ? String(unit) : null,
      amount: big(l.amount),
      proration: l.parent?.subscription_item_details?.proration === true || l.parent?.invoice_item_details?.proration === true,
      subscriptionItemId: l.parent?.subscription_item_details?.subscription_item ?? null,
      discounts: (l.discount_amounts ?? [])
        .filter((x) => x.amount > 0)
        .map((x) => {
          const id = typeof x.discount === "string" ? x.discount : x.discount.id;
          return displayDiscount(discountObjects.get(id) ?? id, invoiceDiscountIds.has(id) ? "invoice" : "line", big(x.amount));
        }),
      taxes: (l.taxes ?? []).map(tax),
      ...(prices.has(linePriceId(l) ?? "") ? { price: prices.get(linePriceId(l)!)! } : {}),
    };
  });
  const totalTaxes = new Map<string, NextBillTax>();
  for (const t of inv.total_taxes ?? []) {
    const key = `${t.tax_rate_details?.tax_rate}:${t.tax_behavior}`;
    const row = tax(t);
    const prev = totalTaxes.get(key);
    totalTaxes.set(key, prev ? { ...prev, amount: prev.amount + row.amount } : row);
  }
  const amountDue = big(inv.amount_due);
  return {
    subscriptionId: sub.id,
    status: sub.status,
    currency: inv.currency,
    date: date(inv.created)!,
    dueDate: date(inv.due_date),
    chargedAutomatically: inv.collection_method === "charge_automatically",
    periodStart: date(inv.period_start),
    periodEnd: date(inv.period_end),
    lines,
    moreLines: inv.lines.has_more,
    totals: {
      subtotal: big(inv.subtotal),
      discounts: (inv.total_discount_amounts ?? []).map((x) => {
        const id = typeof x.discount === "string" ? x.discount : x.discount.id;
        return displayDiscount(discountObjects.get(id) ?? id, invoiceDiscountIds.has(id) ? "invoice" : "line", big(x.amount));
      }),
      taxes: [...totalTaxes.values()],
      total: big(inv.total),
      prePaymentCreditNotes: 0n,
      postPaymentCreditNotes: 0n,
      startingBalance: big(inv.starting_balance),
      amountDue,
      amountPaid: 0n,
      amountRemaining: amountDue,
    },
  };
}
