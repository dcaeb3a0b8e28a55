// Subscription histories with the mistakes the billing audit's subscription rules look for
// (issue 16), each recorded in the manifest beside a clean invoice of the same subscription:
// - "charged_after_subscription_end": a subscription canceled a day after it started, then an
//   invoice for a period starting a month later (after its ended_at) on the same price;
// - "trial_charged": a subscription on a 30-day trial (Stripe bills the trial at 0), then an
//   invoice charging the item's price for the trial period;
// - "subscription_quantity_mismatch": a subscription of N seats, then an hour later an invoice
//   billing N + 2 seats for exactly the item's current period.
// The mistaken invoices are imported (as the line_math injection does: an invoice made outside
// Stripe's subscription billing), open and unpaid, so they add no charge a duplicate check could
// pair. The subscriptions are send_invoice (their first invoices stay open: no charges either),
// on products of their own (no contract prices them) and only for customers without a contracted
// invoice discount (a subscription invoice of theirs would rightly lack it).
import { call, type Obj } from "./api";
import { PROFILES } from "./catalog";
import { importInvoice } from "./compat";
import type { CustomerPlan, ScenarioCtx } from "./context";
import type { InjectedKind } from "./types";

export const SUBSCRIPTION_ERROR_KINDS = [
  "charged_after_subscription_end",
  "trial_charged",
  "subscription_quantity_mismatch",
] as const satisfies readonly InjectedKind[];

const DAY = 86_400;
const MONTH = 30 * DAY;

/**
 * `perKind` of each kind, on distinct customers without a contracted invoice discount (and none
 * of `skipEmails`: the demo's named customers keep their own stories), from the clock's current time.
 */
export function injectSubscriptionErrors(ctx: ScenarioCtx, plans: CustomerPlan[], perKind: number, skipEmails: ReadonlySet<string> = new Set()): void {
  if (perKind <= 0) return;
  const eligible = plans.filter((p) => !p.invoiceDiscount && !skipEmails.has(p.email));
  const rng = ctx.rng("subscription-errors");
  const picked = rng.sample(eligible.length, Math.min(eligible.length, perKind * SUBSCRIPTION_ERROR_KINDS.length)).map((i) => eligible[i]!);
  const product = call(ctx.em, "POST", "/v1/products", { name: "Team plan (subscription)" }).id as string;
  const prices = new Map<string, Obj>();
  const priceFor = (plan: CustomerPlan): Obj => {
    let p = prices.get(plan.currency);
    if (!p) {
      // A whole number of the currency's chargeable units per seat (KWD amounts are whole dinars).
      const unit = 15 * PROFILES[plan.currency].granularity * (plan.currency === "jpy" || plan.currency === "kwd" ? 1 : 100);
      p = call(ctx.em, "POST", "/v1/prices", { product, currency: plan.currency, unit_amount: unit, recurring: { interval: "month" } });
      prices.set(plan.currency, p);
    }
    return p;
  };
  picked.forEach((plan, i) => {
    const kind = SUBSCRIPTION_ERROR_KINDS[i % SUBSCRIPTION_ERROR_KINDS.length]!;
    const price = priceFor(plan);
    const unit = price.unit_amount as number;
    const quantity = 3 + (i % 5);
    const now = ctx.em.clock.now();
    const sub: Obj = call(ctx.em, "POST", "/v1/subscriptions", {
      customer: plan.id,
      items: [{ price: price.id, quantity }],
      collection_method: "send_invoice",
      days_until_due: 30,
      ...(kind === "trial_charged" ? { trial_period_days: 30 } : {}),
    });
    if (sub.latest_invoice) ctx.invoiceCount++;
    const item = sub.items.data[0] as Obj;
    let period: { start: number; end: number };
    let billed = quantity;
    if (kind === "charged_after_subscription_end") {
      ctx.em.clock.set(now + DAY);
      call(ctx.em, "DELETE", `/v1/subscriptions/${sub.id}`);
      period = { start: now + MONTH, end: now + 2 * MONTH };
    } else if (kind === "trial_charged") {
      ctx.em.clock.set(now + 3600);
      period = { start: sub.trial_start as number, end: sub.trial_end as number };
    } else {
      ctx.em.clock.set(now + 3600);
      billed = quantity + 2;
      period = { start: item.current_period_start as number, end: item.current_period_end as number };
    }
    const inv = importInvoice(ctx, {
      customer: plan.id,
      currency: plan.currency,
      collection_method: "send_invoice",
      days_until_due: 30,
      description: `Team plan ${new Date(period.start * 1000).toISOString().slice(0, 10)}`,
      lines: [
        { price: price.id as string, description: `${billed} × Team plan`, quantity: billed, unit_amount_decimal: String(unit), amount: billed * unit, period },
      ],
    });
    ctx.invoiceCount++;
    const invoice = inv.status === "draft" ? call(ctx.em, "POST", `/v1/invoices/${inv.id}/finalize`, {}) : inv;
    const full = call(ctx.em, "GET", `/v1/invoices/${invoice.id}`);
    ctx.injected.push({
      kind,
      customer: plan.id,
      invoice: invoice.id as string,
      invoice_line: (full.lines?.data as Obj[] | undefined)?.[0]?.id as string | undefined,
      expected: kind === "subscription_quantity_mismatch" ? { quantity, amount: quantity * unit } : { amount: 0 },
      details: { subscription: sub.id, subscription_item: item.id, price: price.id, period, quantity: billed, amount: billed * unit },
    });
    ctx.count(`injected_${kind}`);
    ctx.em.clock.set(ctx.em.clock.now() + 60);
  });
}
