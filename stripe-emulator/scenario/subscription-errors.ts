// Subscription histories with the mistakes the billing audit's subscription rules look for
// (issue 16), each recorded in the manifest beside a clean invoice of the same subscription:
// - "charged_after_subscription_end": a subscription canceled a day after it started, then an
//   invoice for a period starting a month later (after its ended_at) on the same price;
// - "trial_charged": a subscription on a 30-day trial (Stripe bills the trial at 0), then an
//   invoice charging the item's price for the trial period;
// - "subscription_quantity_mismatch": a subscription of N seats, then an hour later an invoice
//   billing N + 2 seats for exactly the item's current period;
// - "proration_credit": a subscription of N seats, three days later a seat change with
//   proration_behavior=always_invoice (the emulator's own proration invoice, clean: it credits the
//   first invoice's line for the unused time), then an imported invoice whose credit proration
//   credits that same line again — by turns for time the clean proration already credited
//   ("double_credit", a day later, as a second change that credited the original line instead of
//   the first change's debit) or, on a subscription without a change, the whole month back at a
//   mid-month change ("over_credit");
// - "metered_usage_mismatch": a subscription on a metered price whose meter gets usage events over
//   two half-hour windows; an imported invoice bills the first window's usage exactly (clean),
//   another the second window's usage with a few units more or less (the mistake), both on lines
//   of the subscription's metered item.
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
  "proration_credit",
  "metered_usage_mismatch",
] as const satisfies readonly InjectedKind[];

const DAY = 86_400;
const MONTH = 30 * DAY;

/** amount × part / whole rounded half up to the currency's step (three-decimal currencies: 10). */
function prorate(amount: number, part: number, whole: number, currency: string): number {
  const step = currency === "kwd" ? 10 : 1;
  return Math.floor((amount * part) / whole / step + 0.5) * step;
}

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
  let meter: Obj | null = null;
  const meteredPrices = new Map<string, Obj>();
  const meteredPriceFor = (plan: CustomerPlan): Obj => {
    meter ??= call(ctx.em, "POST", "/v1/billing/meters", {
      display_name: "API calls (subscription errors)",
      event_name: "scenario_subscription_api_calls",
      default_aggregation: { formula: "sum" },
    });
    let p = meteredPrices.get(plan.currency);
    if (!p) {
      p = call(ctx.em, "POST", "/v1/prices", {
        product,
        currency: plan.currency,
        unit_amount: 2 * PROFILES[plan.currency].granularity,
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      });
      meteredPrices.set(plan.currency, p);
    }
    return p;
  };
  picked.forEach((plan, i) => {
    const kind = SUBSCRIPTION_ERROR_KINDS[i % SUBSCRIPTION_ERROR_KINDS.length]!;
    if (kind === "proration_credit")
      return injectProrationCredit(ctx, plan, priceFor(plan), 3 + (i % 5), Math.floor(i / SUBSCRIPTION_ERROR_KINDS.length) % 2 === 0);
    if (kind === "metered_usage_mismatch") {
      const metered = meteredPriceFor(plan);
      return injectMeteredMismatch(ctx, plan, metered, meter!, i);
    }
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

/** The line of `invoice` with this predicate (the emulator lists an invoice's lines in creation order). */
function lineOf(ctx: ScenarioCtx, invoice: string, pick: (l: Obj) => boolean): Obj {
  const full = call(ctx.em, "GET", `/v1/invoices/${invoice}`);
  const line = (full.lines?.data as Obj[] | undefined)?.find(pick);
  if (!line) throw new Error(`no such line on ${invoice}`);
  return line;
}

function finalized(ctx: ScenarioCtx, inv: Obj): Obj {
  return inv.status === "draft" ? call(ctx.em, "POST", `/v1/invoices/${inv.id}/finalize`, {}) : inv;
}

/**
 * A credit proration crediting the first invoice's seat line wrongly (see the file's header):
 * `double` = after a real always_invoice change, a day later a second credit of the same line;
 * else, three days in, the whole month credited back beside the debit for the new count.
 */
function injectProrationCredit(ctx: ScenarioCtx, plan: CustomerPlan, price: Obj, quantity: number, double: boolean): void {
  const unit = price.unit_amount as number;
  const now = ctx.em.clock.now();
  const sub: Obj = call(ctx.em, "POST", "/v1/subscriptions", {
    customer: plan.id,
    items: [{ price: price.id, quantity }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  ctx.invoiceCount++;
  const item = sub.items.data[0] as Obj;
  const period = { start: item.current_period_start as number, end: item.current_period_end as number };
  const charged = lineOf(ctx, sub.latest_invoice as string, () => true);
  const whole = period.end - period.start;
  let t = now + 3 * DAY;
  ctx.em.clock.set(t);
  let seats = quantity;
  let clean: string | null = null;
  if (double) {
    // the real change: Stripe's (the emulator's) proration invoice credits `charged` for [t, end)
    const updated = call(ctx.em, "POST", `/v1/subscriptions/${sub.id}`, {
      items: [{ id: item.id, quantity: quantity + 2 }],
      proration_behavior: "always_invoice",
    });
    clean = updated.latest_invoice as string;
    ctx.invoiceCount++;
    seats = quantity + 2;
    t += DAY;
    ctx.em.clock.set(t);
  }
  // the credit: `seats` × unit for the unused time (double), or the whole month (over_credit)
  const credit = double ? prorate(seats * unit, period.end - t, whole, plan.currency) : quantity * unit;
  const newSeats = seats + 2;
  const debit = prorate(newSeats * unit, period.end - t, whole, plan.currency);
  const si = { subscription: sub.id as string, subscription_item: item.id as string, proration: true };
  const inv = finalized(
    ctx,
    importInvoice(ctx, {
      customer: plan.id,
      currency: plan.currency,
      collection_method: "send_invoice",
      days_until_due: 30,
      description: `Team plan change ${new Date(t * 1000).toISOString().slice(0, 10)}`,
      lines: [
        {
          price: price.id as string,
          description: `Unused time on ${seats} × Team plan`,
          quantity: 1,
          unit_amount_decimal: String(-credit),
          amount: -credit,
          period: { start: t, end: period.end },
          subscription_item: { ...si, credited_items: { invoice: sub.latest_invoice as string, invoice_line_items: [charged.id as string] } },
        },
        {
          price: price.id as string,
          description: `Remaining time on ${newSeats} × Team plan`,
          quantity: 1,
          unit_amount_decimal: String(debit),
          amount: debit,
          period: { start: t, end: period.end },
          subscription_item: si,
        },
      ],
    }),
  );
  ctx.invoiceCount++;
  ctx.injected.push({
    kind: "proration_credit",
    customer: plan.id,
    invoice: inv.id as string,
    invoice_line: lineOf(ctx, inv.id as string, (l) => (l.amount as number) < 0).id as string,
    expected: double ? { amount: 0 } : { amount: -prorate(quantity * unit, period.end - t, whole, plan.currency) },
    details: {
      variant: double ? "double_credit" : "over_credit",
      subscription: sub.id,
      subscription_item: item.id,
      credited_invoice: sub.latest_invoice,
      credited_line: charged.id,
      clean_proration_invoice: clean,
      credit: -credit,
      period: { start: t, end: period.end },
    },
  });
  ctx.count("injected_proration_credit");
  ctx.em.clock.set(ctx.em.clock.now() + 60);
}

/**
 * A metered subscription with usage in two half-hour windows; the first billed exactly (clean), the
 * second with a few units more (even i) or fewer (odd i) than the meter recorded.
 */
function injectMeteredMismatch(ctx: ScenarioCtx, plan: CustomerPlan, price: Obj, meter: Obj, i: number): void {
  const unit = price.unit_amount as number;
  const sub: Obj = call(ctx.em, "POST", "/v1/subscriptions", {
    customer: plan.id,
    items: [{ price: price.id }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  if (sub.latest_invoice) ctx.invoiceCount++;
  const item = sub.items.data[0] as Obj;
  // minute-aligned windows, as meter event summaries need
  const start = Math.ceil((ctx.em.clock.now() + 60) / 60) * 60;
  const half = 1800;
  const usage = [0, 0];
  const rng = ctx.rng(`metered-usage-${i}`);
  for (const [w, offsets] of [
    [0, [300, 1200]],
    [1, [2400, 3000]],
  ] as const)
    for (const off of offsets) {
      const value = rng.int(10, 400);
      usage[w] += value;
      ctx.em.clock.set(start + off);
      call(ctx.em, "POST", "/v1/billing/meter_events", {
        event_name: meter.event_name,
        payload: { stripe_customer_id: plan.id, value: String(value) },
        identifier: `${sub.id}-${off}`,
      });
    }
  ctx.em.clock.set(start + 2 * half + 60);
  const bill = (quantity: number, w: number): Obj => {
    const inv = finalized(
      ctx,
      importInvoice(ctx, {
        customer: plan.id,
        currency: plan.currency,
        collection_method: "send_invoice",
        days_until_due: 30,
        description: `API calls ${new Date((start + w * half) * 1000).toISOString().slice(0, 16)}`,
        lines: [
          {
            price: price.id as string,
            description: `${quantity} × API calls`,
            quantity,
            unit_amount_decimal: String(unit),
            amount: quantity * unit,
            period: { start: start + w * half, end: start + (w + 1) * half },
            // billed for the subscription's metered item, as Stripe's usage lines are
            subscription_item: { subscription: sub.id as string, subscription_item: item.id as string, proration: false },
          },
        ],
      }),
    );
    ctx.invoiceCount++;
    return inv;
  };
  bill(usage[0], 0);
  const billed = i % 2 === 0 ? usage[1] + 7 : usage[1] - 3;
  const inv = bill(billed, 1);
  ctx.injected.push({
    kind: "metered_usage_mismatch",
    customer: plan.id,
    invoice: inv.id as string,
    invoice_line: lineOf(ctx, inv.id as string, () => true).id as string,
    expected: { quantity: usage[1], amount: usage[1] * unit },
    details: {
      subscription: sub.id,
      meter: meter.id,
      price: price.id,
      period: { start: start + half, end: start + 2 * half },
      quantity: billed,
      usage: usage[1],
    },
  });
  ctx.count("injected_metered_usage_mismatch");
  ctx.em.clock.set(ctx.em.clock.now() + 60);
}
