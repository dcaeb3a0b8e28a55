// Subscriptions (README "Subscriptions"): create with items, quantities and a trial, which makes
// and finalizes the first invoice; change an item's quantity or price with proration_behavior
// create_prorations (pending proration invoice items, to the second) or none; cancel now.
// Periods live on the subscription items (current_period_start/end), as at this API version.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { listCollection, andFilters, createdFilter } from "../list";
import { div, exponent, mul, rat, ratToDecimalString, roundAmount } from "../money";
import { arr, bool, int, metadata, oneOf, str, type Params } from "../params";
import { priceExact, priceLineAmount, type PriceShape } from "../price-math";
import type { Router } from "../router";
import type { Obj } from "../store";
import { discountsParam, invoiceLines, taxRatesParam } from "./invoice-build";
import { createInvoiceItem } from "./invoiceitems";
import { createInvoice, finalizeInvoice } from "./invoices";
import { storedTiers } from "./price-tiers";
import { isMetered } from "./billing-meters";

const DAY = 86_400;

export function registerSubscriptions(r: Router): void {
  r.add("POST", "/v1/subscriptions", ({ em, p }) => atCustomerTime(em, str(p, "customer"), () => createSubscription(em, p)));
  r.add("GET", "/v1/subscriptions/:id", ({ em, path }) => em.get("subscriptions", path.id, "subscription"));
  r.add("POST", "/v1/subscriptions/:id", ({ em, p, path }) => {
    const sub = em.get("subscriptions", path.id, "subscription");
    return atCustomerTime(em, sub.customer, () => updateSubscription(em, sub, p));
  });
  r.add("DELETE", "/v1/subscriptions/:id", ({ em, p, path }) => {
    const sub = em.get("subscriptions", path.id, "subscription");
    return atCustomerTime(em, sub.customer, () => cancelSubscription(em, sub, p));
  });
  r.add("GET", "/v1/subscriptions", ({ em, p, url }) => {
    const customer = str(p, "customer");
    const status = str(p, "status");
    // Stripe lists every status but canceled unless asked ("all" or a status)
    const statusFilter = status === "all" ? undefined : status ? (o: Obj) => o.status === status : (o: Obj) => o.status !== "canceled";
    return listCollection(em.store.c.subscriptions, p, url, andFilters(customer ? (o) => o.customer === customer : undefined, statusFilter, createdFilter(p)), {
      field: "customer",
      value: customer,
    });
  });
  r.add("GET", "/v1/subscription_items/:id", ({ em, path }) => em.get("subscription_items", path.id, "subscription item"));
  r.add("GET", "/v1/subscription_items", ({ em, p, url }) => {
    const sub = str(p, "subscription", true)!;
    return listCollection(em.store.c.subscription_items, p, url, (o) => o.subscription === sub);
  });
}

/**
 * Runs `fn` at the time of the customer's test clock, if it has one: Stripe's objects on a test
 * clock live at its `frozen_time` ("create objects at a frozen time in the past or future").
 */
export function atCustomerTime<T>(em: Emulator, customerId: string | undefined, fn: () => T): T {
  const clockId = customerId ? em.store.c.customers.get(customerId)?.test_clock : null;
  const clock = clockId ? em.store.c.test_clocks.get(clockId) : undefined;
  return clock ? em.clock.at(clock.frozen_time, fn) : fn();
}

/** `ts` moved by `count` intervals; months and years keep the anchor's day, clamped to the month's end. */
export function addInterval(ts: number, interval: string, count: number): number {
  if (interval === "day") return ts + count * DAY;
  if (interval === "week") return ts + count * 7 * DAY;
  const d = new Date(ts * 1000);
  const months = (interval === "year" ? 12 : 1) * count;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), last);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

export function planOf(price: Obj): Obj {
  const rec = price.recurring;
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: rec.interval,
    interval_count: rec.interval_count,
    livemode: price.livemode,
    metadata: price.metadata,
    meter: rec.meter,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity ? { divide_by: price.transform_quantity.divide_by, round: price.transform_quantity.round } : null,
    trial_period_days: rec.trial_period_days,
    usage_type: rec.usage_type,
  };
}

export function recurringPrice(em: Emulator, id: string, param: string): Obj {
  const price = em.get("prices", id, "price", param);
  if (!price.recurring) throw invalid(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, param);
  return price;
}

/** The amount of `quantity` at `price` for a whole period (exact; rounded by the caller). */
function periodAmount(em: Emulator, price: Obj, quantity: number): bigint {
  return priceLineAmount(price as unknown as PriceShape, storedTiers(em, price.id), rat(BigInt(quantity)), price.currency);
}

export function productName(em: Emulator, price: Obj): string {
  return em.store.c.products.get(price.product)?.name ?? price.product;
}

/** A flat per-unit price (not tiered, no transform_quantity): its line description names the unit amount. */
const perUnit = (price: Obj) => price.billing_scheme === "per_unit" && !price.transform_quantity && price.unit_amount_decimal !== null;

/** "$15.00" / "EUR 9.50" / "JPY 500" for a line description (unit amount in minor units). */
function money(amount: string | null, currency: string): string {
  const e = exponent(currency);
  const n = (Number(amount ?? 0) / 10 ** e).toFixed(e);
  return currency === "usd" ? `$${n}` : `${currency.toUpperCase()} ${n}`;
}

export function itemsList(em: Emulator, subId: string): Obj {
  const data = em.store.c.subscription_items.where("subscription", subId).filter((i) => !i.deleted);
  return { object: "list", data, has_more: false, url: `/v1/subscription_items?subscription=${subId}` };
}

function createSubscription(em: Emulator, p: Params): Obj {
  const customerId = str(p, "customer", true)!;
  em.get("customers", customerId, "customer", "customer");
  const rawItems = arr(p, "items");
  if (!rawItems?.length) throw invalid("Missing required param: items.", "items", "parameter_missing");
  const items = rawItems.map((raw, i) => {
    const it = (raw ?? {}) as Params;
    const price = recurringPrice(em, str(it, "price", true)!, `items[${i}][price]`);
    // metered (billing-meters.ts): the item has no quantity, the meter's usage is billed in arrears
    if (isMetered(price) && it.quantity !== undefined)
      throw invalid("Quantity should not be specified where usage_type is `metered`. Remove quantity from `items[" + i + "]`.", `items[${i}][quantity]`);
    const quantity = isMetered(price) ? undefined : (int(it, "quantity") ?? 1);
    if (quantity !== undefined && quantity < 0) throw invalid("Quantity must be at least 0.", `items[${i}][quantity]`);
    return { price, quantity, metadata: metadata(it) };
  });
  const first = items[0].price;
  for (const [i, it] of items.entries()) {
    if (it.price.currency !== first.currency) throw invalid("All prices on a subscription must have the same currency.", `items[${i}][price]`);
    if (it.price.recurring.interval !== first.recurring.interval || it.price.recurring.interval_count !== first.recurring.interval_count)
      throw invalid("All prices on a subscription must have the same recurring interval and interval_count.", `items[${i}][price]`);
  }
  const now = em.clock.now();
  const trialDays = int(p, "trial_period_days");
  const trialEndParam = p.trial_end === "now" ? now : int(p, "trial_end");
  const trialEnd = trialEndParam ?? (trialDays ? now + trialDays * DAY : null);
  if (trialEnd !== null && trialEnd < now) throw invalid("trial_end must be in the future.", "trial_end");
  const trialing = trialEnd !== null && trialEnd > now;
  const periodEnd = trialing ? trialEnd! : addInterval(now, first.recurring.interval, first.recurring.interval_count);
  const collection = oneOf(p, "collection_method", ["charge_automatically", "send_invoice"] as const) ?? "charge_automatically";
  const daysUntilDue = int(p, "days_until_due") ?? null;
  if (collection === "send_invoice" && daysUntilDue === null)
    throw invalid("days_until_due is required when collection_method=send_invoice.", "days_until_due");
  const id = em.newId("sub");
  const sub: Obj = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trialing ? trialEnd : now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: now,
    currency: first.currency,
    customer: customerId,
    customer_account: null,
    days_until_due: daysUntilDue,
    default_payment_method: str(p, "default_payment_method") ?? null,
    default_source: null,
    default_tax_rates: taxRatesParam(em, p.default_tax_rates, "default_tax_rates"),
    description: str(p, "description") ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: null,
    latest_invoice: null,
    livemode: em.livemode,
    managed_payments: null,
    metadata: metadata(p),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "incomplete",
    test_clock: em.store.c.customers.get(customerId)?.test_clock ?? null,
    transfer_data: null,
    trial_end: trialing ? trialEnd : null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: trialing ? now : null,
  };
  // `discounts: [{coupon}]`: the subscription's discounts, applied to the invoices it makes
  // (https://docs.stripe.com/billing/subscriptions/coupons); see subscriptionDiscounts()
  sub.discounts = discountsParam(em, p.discounts, { customer: customerId, currency: first.currency });
  for (const d of sub.discounts as string[]) {
    const di = em.store.c.discounts.get(d)!;
    di.subscription = id;
    const coupon = em.store.c.coupons.get(di.source.coupon);
    // a repeating coupon's discount ends duration_in_months after it starts (Discount.end)
    if (coupon?.duration === "repeating" && coupon.duration_in_months) di.end = addInterval(now, "month", coupon.duration_in_months);
  }
  for (const it of items) {
    em.store.c.subscription_items.insert({
      id: em.newId("si"),
      object: "subscription_item",
      billing_thresholds: null,
      created: now,
      current_period_end: periodEnd,
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: it.metadata,
      plan: planOf(it.price),
      price: it.price,
      quantity: it.quantity,
      subscription: id,
      tax_rates: null,
    });
  }
  sub.items = itemsList(em, id);

  // The first invoice: one line per item for the first period (0 during a trial), finalized at once.
  const inv = subscriptionInvoice(em, sub, "subscription_create", trialing);
  sub.latest_invoice = inv.id;
  sub.status = trialing ? "trialing" : inv.status === "paid" || collection === "send_invoice" ? "active" : "incomplete";
  // stored only now: paying the first invoice (amount 0) must not announce an update before the creation
  em.store.c.subscriptions.insert(sub);
  em.emit("customer.subscription.created", sub);
  return sub;
}

export function invoiceParams(sub: Obj, em?: Emulator, reason?: string): Params {
  const discounts = em ? subscriptionDiscounts(em, sub, reason ?? "") : [];
  return {
    customer: sub.customer,
    currency: sub.currency,
    collection_method: sub.collection_method,
    ...(sub.days_until_due !== null ? { days_until_due: sub.days_until_due } : {}),
    ...(discounts.length ? { discounts: discounts.map((discount) => ({ discount })) } : {}),
  };
}

/**
 * The subscription's discounts that apply to an invoice it makes now (Stripe, "Coupons and
 * promotion codes": a coupon applies "once, for a set number of months, or indefinitely";
 * https://docs.stripe.com/billing/subscriptions/coupons): `forever` always, `repeating` until the
 * discount's `end`, `once` on the subscription's first invoice only.
 */
export function subscriptionDiscounts(em: Emulator, sub: Obj, reason: string): string[] {
  const now = em.clock.now();
  return ((sub.discounts ?? []) as string[]).filter((id) => {
    const d = em.store.c.discounts.get(id);
    const coupon = d ? em.store.c.coupons.get(d.source?.coupon) : undefined;
    if (!d || !coupon) return false;
    if (coupon.duration === "once") return reason === "subscription_create";
    if (coupon.duration === "repeating") return d.end === null || now < d.end;
    return true;
  });
}

export const invoiceParent = (sub: Obj): Obj => ({
  quote_details: null,
  subscription_details: { metadata: sub.metadata, subscription: sub.id },
  type: "subscription_details",
});

/** A subscription item's line for its current period (amount 0 during a trial). */
export function subscriptionLine(em: Emulator, sub: Obj, si: Obj, invoiceId: string, trial: boolean): Obj {
  const lineId = em.newId("il");
  const { line, meta } = buildSubscriptionLine(em, sub, si, {
    invoiceId,
    lineId,
    trial,
    price: si.price,
    quantity: si.quantity,
    period: { start: si.current_period_start, end: si.current_period_end },
  });
  em.store.meta.set(lineId, meta);
  // what a later credit proration credits (proration_details.credited_items)
  em.store.meta.set("si_charged:" + si.id, { invoice: invoiceId, line: lineId });
  return line;
}

/**
 * The line of `quantity` × `price` for a whole `period` of item `si`, and its meta for recompute();
 * no side effect (an upcoming invoice builds these for the next period without storing them).
 */
export function buildSubscriptionLine(
  em: Emulator,
  sub: Obj,
  si: Obj,
  o: { invoiceId: string; lineId: string; trial: boolean; price: Obj; quantity: number; period: { start: number; end: number } },
): { line: Obj; meta: Obj } {
  const { price, trial, lineId, invoiceId } = o;
  const quantity = o.quantity;
  const amount = trial ? 0n : periodAmount(em, price, quantity);
  const name = productName(em, price);
  const line: Obj = {
    id: lineId,
    object: "line_item",
    amount: Number(amount),
    currency: sub.currency,
    description: trial
      ? `Trial period for ${name}`
      : `${quantity} × ${name}${perUnit(price) ? ` (at ${money(price.unit_amount_decimal, price.currency)} / ${price.recurring.interval})` : ""}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: em.livemode,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: si.id,
      },
      type: "subscription_item_details",
    },
    period: { end: o.period.end, start: o.period.start },
    pretax_credit_amounts: [],
    // a trial line is 0 per unit, so quantity × unit_amount_decimal still gives its amount
    pricing: {
      price_details: { price: price.id, product: price.product },
      type: "price_details",
      unit_amount_decimal: trial ? "0" : price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: String(quantity),
    subscription: sub.id,
    subtotal: Number(amount),
    taxes: [],
  };
  return { line, meta: { fixed: String(amount), qty: String(quantity), unit: trial ? "0" : price.unit_amount_decimal, taxRates: [] } };
}

/** A finalized subscription invoice with one line per item for its current period. */
function subscriptionInvoice(em: Emulator, sub: Obj, reason: string, trial: boolean): Obj {
  const inv = createInvoice(
    em,
    invoiceParams(sub, em, reason),
    { billing_reason: reason, parent: invoiceParent(sub), default_tax_rates: sub.default_tax_rates },
    (draft) => {
      const lines = invoiceLines(em, draft.id);
      for (const si of em.store.c.subscription_items.where("subscription", sub.id)) {
        if (isMetered(si.price)) continue; // billed in arrears at the period's end (billing-meters.ts)
        lines.push(subscriptionLine(em, sub, si, draft.id, trial));
      }
    },
  );
  return finalizeInvoice(em, inv);
}

function prorationItem(em: Emulator, sub: Obj, si: Obj, price: Obj, quantity: number, sign: 1n | -1n, t: number): Obj {
  const pr = proration(em, si, price, quantity, sign, t);
  return createInvoiceItem(
    em,
    {
      customer: sub.customer,
      currency: sub.currency,
      amount: String(pr.amount),
      description: pr.description,
      discountable: false,
      period: pr.period,
    },
    {
      parent: { subscription_details: { subscription: sub.id, subscription_item: si.id }, type: "subscription_details" },
      proration: true,
      quantity,
      quantity_decimal: String(quantity),
      pricing: { price_details: { price: price.id, product: price.product }, type: "price_details", unit_amount_decimal: pr.unit },
    },
    // a credit proration credits the line that charged the item (proration_details.credited_items)
    { credited: pr.credited },
  );
}

/**
 * A proration of item `si` at time `t` (amount, unit, description, period, credited line), with no
 * side effect: the subscription update makes an invoice item of it, an upcoming invoice a line.
 */
export function proration(
  em: Emulator,
  si: Obj,
  price: Obj,
  quantity: number,
  sign: 1n | -1n,
  t: number,
): { amount: bigint; unit: string; description: string; period: { start: number; end: number }; credited: Obj | null } {
  const start: number = si.current_period_start;
  const end: number = si.current_period_end;
  const full = priceExact(price as unknown as PriceShape, storedTiers(em, price.id), rat(BigInt(quantity)));
  // (end − t) / (end − start), to the second; each proration line rounded on its own
  const exact = mul(mul(full, rat(BigInt(end - t), BigInt(end - start))), rat(sign));
  const amount = roundAmount(exact, price.currency);
  // Stripe reports a proration's unit amount as the line amount per unit (a recorded credit of −1986
  // on a 2000 price has unit_amount_excluding_tax "-1986"; proration items carry negative unit
  // amounts for credits), so quantity × unit_amount_decimal gives the line amount.
  const unit = quantity === 0 ? "0" : ratToDecimalString(div(rat(amount), rat(BigInt(quantity))));
  const name = productName(em, price);
  const what = quantity === 1 ? name : `${quantity} × ${name}`;
  const date = new Date(t * 1000).toLocaleDateString("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });
  const charged = em.store.meta.get("si_charged:" + si.id);
  return {
    amount,
    unit,
    description: `${sign < 0n ? "Unused" : "Remaining"} time on ${what} after ${date}`,
    period: { start: t, end },
    credited: sign < 0n && charged ? { invoice: charged.invoice, invoice_line_items: [charged.line] } : null,
  };
}

function updateSubscription(em: Emulator, sub: Obj, p: Params): Obj {
  if (sub.status === "canceled") throw invalid("A canceled subscription can only update its cancellation_details and metadata.", undefined, "resource_missing");
  const behavior = oneOf(p, "proration_behavior", ["create_prorations", "none", "always_invoice"] as const) ?? "create_prorations";
  const now = em.clock.now();
  const t = int(p, "proration_date") ?? now;
  const prev: Obj = {};
  const raw = arr(p, "items") ?? [];
  const changes = raw.map((r, i) => {
    const it = (r ?? {}) as Params;
    const si = em.get("subscription_items", str(it, "id", true)!, "subscription item", `items[${i}][id]`);
    if (si.subscription !== sub.id) throw invalid(`The subscription item ${si.id} does not belong to ${sub.id}.`, `items[${i}][id]`);
    const price = str(it, "price") ? recurringPrice(em, str(it, "price")!, `items[${i}][price]`) : (si.price as Obj);
    if (price.currency !== sub.currency) throw invalid("All prices on a subscription must have the same currency.", `items[${i}][price]`);
    if (isMetered(price) && it.quantity !== undefined)
      throw invalid("Quantity should not be specified where usage_type is `metered`.", `items[${i}][quantity]`);
    const quantity = isMetered(price) ? undefined : (int(it, "quantity") ?? si.quantity ?? 1);
    return { si, price, quantity };
  });
  if (changes.length && behavior !== "none" && sub.status !== "trialing") {
    for (const c of changes) {
      if (t < c.si.current_period_start || t >= c.si.current_period_end) throw invalid("proration_date must be within the current period.", "proration_date");
    }
  }
  if (changes.length) prev.items = itemsList(em, sub.id);
  for (const c of changes) {
    const changed = c.price.id !== c.si.price.id || c.quantity !== c.si.quantity;
    if (!changed) continue;
    // metered items are not prorated: their usage is billed in arrears (billing-meters.ts)
    if (behavior !== "none" && sub.status !== "trialing" && !isMetered(c.si.price) && !isMetered(c.price)) {
      prorationItem(em, sub, c.si, c.si.price, c.si.quantity, -1n, t);
      prorationItem(em, sub, c.si, c.price, c.quantity!, 1n, t);
    }
    c.si.price = c.price;
    c.si.plan = planOf(c.price);
    c.si.quantity = c.quantity;
  }
  if (p.metadata !== undefined) {
    prev.metadata = sub.metadata;
    sub.metadata = metadata(p, sub.metadata);
  }
  if (bool(p, "cancel_at_period_end") !== undefined) {
    prev.cancel_at_period_end = sub.cancel_at_period_end;
    prev.cancel_at = sub.cancel_at;
    sub.cancel_at_period_end = bool(p, "cancel_at_period_end");
    const end = Math.max(...em.store.c.subscription_items.where("subscription", sub.id).map((s) => s.current_period_end as number));
    sub.cancel_at = sub.cancel_at_period_end ? end : null;
    sub.canceled_at = sub.cancel_at_period_end ? now : null;
    sub.cancellation_details = { ...sub.cancellation_details, reason: sub.cancel_at_period_end ? "cancellation_requested" : null };
  }
  sub.items = itemsList(em, sub.id);
  if (behavior === "always_invoice" && changes.length && sub.status !== "trialing") {
    const inv = createInvoice(
      em,
      { ...invoiceParams(sub, em, "subscription_update"), pending_invoice_items_behavior: "include" },
      // the subscription's default tax rates apply to this invoice too, as to its others
      { billing_reason: "subscription_update", parent: invoiceParent(sub), default_tax_rates: sub.default_tax_rates },
    );
    finalizeInvoice(em, inv);
    prev.latest_invoice = sub.latest_invoice;
    sub.latest_invoice = inv.id;
  }
  if (Object.keys(prev).length) em.emit("customer.subscription.updated", sub, prev);
  return sub;
}

function cancelSubscription(em: Emulator, sub: Obj, p: Params): Obj {
  if (sub.status === "canceled") throw invalid(`This subscription has already been canceled (${sub.id}).`, undefined, "resource_missing");
  const now = em.clock.now();
  // prorate=true: a credit for the unused time of every item, left pending for the customer
  if (bool(p, "prorate") === true && sub.status !== "trialing") {
    for (const si of em.store.c.subscription_items.where("subscription", sub.id)) {
      if (now >= si.current_period_start && now < si.current_period_end && !isMetered(si.price)) prorationItem(em, sub, si, si.price, si.quantity, -1n, now);
    }
  }
  sub.status = "canceled";
  sub.canceled_at = now;
  sub.ended_at = now;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = { ...sub.cancellation_details, reason: "cancellation_requested" };
  em.emit("customer.subscription.deleted", sub);
  return sub;
}

/** A paid subscription invoice activates an incomplete (or past_due, unpaid) subscription. */
export function subscriptionInvoicePaid(em: Emulator, inv: Obj): void {
  const subId = inv.parent?.subscription_details?.subscription;
  const sub = subId ? em.store.c.subscriptions.get(subId) : undefined;
  if (!sub || (sub.status !== "incomplete" && sub.status !== "past_due" && sub.status !== "unpaid")) return;
  const prev = { status: sub.status };
  sub.status = "active";
  em.emit("customer.subscription.updated", sub, prev);
}
