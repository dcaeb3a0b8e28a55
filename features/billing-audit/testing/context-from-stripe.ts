// Test-only: an audit context built straight from a Stripe invoice (current API shape), the way
// the projections would hold it after a sync (line taxes per rate, discount allocations with
// their scope, payments). Lets the audit rules run over recorded real Stripe data without a
// database; the integration test checks the database path on the same data.
import type { AuditContext, AuditLine, AuditTax, InvoiceStatus } from "../types";
import { DEFAULT_SETTINGS } from "../types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface RateInfo {
  percentage: string;
  inclusive: boolean;
}

const idOf = (v: Json): string | null => (typeof v === "string" ? v : v && typeof v.id === "string" ? v.id : null);
const big = (v: Json): bigint => BigInt(v ?? 0);
const date = (s: Json): Date | null => (s === null || s === undefined ? null : new Date(s * 1000));

function taxes(list: Json[] | null | undefined, rates: Record<string, RateInfo>): AuditTax[] {
  const byRate = new Map<string, AuditTax>();
  for (const t of list ?? []) {
    const id = idOf(t.tax_rate_details?.tax_rate) ?? "unknown";
    const prev = byRate.get(id);
    byRate.set(id, {
      taxRateId: id,
      percentage: rates[id]?.percentage ?? "0",
      inclusive: t.tax_behavior === "inclusive",
      amount: (prev?.amount ?? 0n) + big(t.amount),
      taxableAmount: (prev?.taxableAmount ?? 0n) + big(t.taxable_amount),
      taxabilityReason: prev?.taxabilityReason ?? t.taxability_reason ?? null,
    });
  }
  return [...byRate.values()];
}

export function auditContextFromStripe(inv: Json, opts: { rates?: Record<string, RateInfo>; now?: Date } = {}): AuditContext {
  const rates = opts.rates ?? {};
  const lines: AuditLine[] = (inv.lines?.data ?? []).map((l: Json, position: number) => {
    const own = new Set((l.discounts ?? []).map(idOf));
    const parent = l.parent ?? {};
    return {
      id: l.id,
      stripeId: l.id,
      position,
      currency: l.currency ?? inv.currency,
      amount: big(l.amount),
      quantity: String(l.quantity_decimal ?? l.quantity ?? 1),
      unitAmountDecimal: l.pricing?.unit_amount_decimal ?? null,
      priceId: idOf(l.pricing?.price_details?.price),
      productId: l.pricing?.price_details?.product ?? null,
      periodStart: date(l.period?.start),
      periodEnd: date(l.period?.end),
      proration: Boolean(parent.invoice_item_details?.proration || parent.subscription_item_details?.proration),
      discounts: (l.discount_amounts ?? []).map((d: Json) => {
        const coupon = typeof d.discount === "object" ? d.discount?.source?.coupon : null;
        return {
          discountId: idOf(d.discount) ?? "unknown",
          couponId: idOf(coupon),
          percentOff:
            coupon && typeof coupon === "object" && coupon.percent_off !== null && coupon.percent_off !== undefined ? String(coupon.percent_off) : null,
          amountOff: coupon && typeof coupon === "object" && coupon.amount_off !== null && coupon.amount_off !== undefined ? big(coupon.amount_off) : null,
          scope: own.has(idOf(d.discount)) ? "line" : "invoice",
          amount: big(d.amount),
        };
      }),
      taxes: taxes(l.taxes, rates),
    };
  });
  const status = (inv.status ?? "draft").toUpperCase() as InvoiceStatus;
  const paidAt = date(inv.status_transitions?.paid_at);
  return {
    now: opts.now ?? new Date((Math.max(inv.created ?? 0, inv.status_transitions?.paid_at ?? 0) + 90 * 86400) * 1000),
    settings: DEFAULT_SETTINGS,
    customer: { id: `cust:${idOf(inv.customer)}`, stripeId: idOf(inv.customer) ?? "", currency: inv.currency, deleted: false },
    invoice: {
      id: `inv:${inv.id}`,
      stripeId: inv.id,
      number: inv.number ?? null,
      status,
      currency: inv.currency,
      subtotal: big(inv.subtotal),
      subtotalExcludingTax: inv.subtotal_excluding_tax === null || inv.subtotal_excluding_tax === undefined ? null : big(inv.subtotal_excluding_tax),
      total: big(inv.total),
      totalExcludingTax: inv.total_excluding_tax === null || inv.total_excluding_tax === undefined ? null : big(inv.total_excluding_tax),
      amountDue: big(inv.amount_due),
      amountPaid: big(inv.amount_paid),
      amountRemaining: big(inv.amount_remaining),
      amountOverpaid: big(inv.amount_overpaid),
      stripeCreated: date(inv.created) ?? new Date(0),
      finalizedAt: date(inv.status_transitions?.finalized_at),
      paidAt,
      lines,
      discounts: (inv.total_discount_amounts ?? []).map((d: Json) => ({
        discountId: idOf(d.discount) ?? "unknown",
        couponId: idOf(typeof d.discount === "object" ? d.discount?.source?.coupon : null),
        amount: big(d.amount),
      })),
      taxes: taxes(inv.total_taxes, rates),
      payments: (inv.payments?.data ?? []).map((p: Json) => ({
        stripeId: p.id,
        paymentIntentStripeId: idOf(p.payment?.payment_intent),
        chargeStripeId: idOf(p.payment?.charge),
        outOfBand: p.payment?.type === "out_of_band_payment",
        amountPaid: p.amount_paid === null || p.amount_paid === undefined ? null : big(p.amount_paid),
        amountRequested: big(p.amount_requested),
        currency: p.currency,
        status: p.status,
        paidAt: date(p.status_transitions?.paid_at),
      })),
    },
    tariffs: [],
    contractDiscounts: [],
    charges: [],
    refunds: [],
    diffs: [],
  };
}
