// `POST /v1/invoices/create_preview` (stripe SDK `invoices.createPreview`): the upcoming invoice.
//
// Stripe (API reference, "Create a preview invoice"): "At any time, you can preview the upcoming
// invoice for a subscription or subscription schedule. This will show you all the charges that are
// pending, including subscription renewal charges, invoice item charges, etc. ... You can also
// preview the effects of creating or updating a subscription ..., including a preview of any
// prorations that will take place. To ensure that the actual proration is calculated exactly the
// same as the previewed proration, you should pass the `subscription_details.proration_date`
// parameter when doing the actual subscription update. The recommended way to get only the
// prorations being previewed on the invoice is to consider line items where
// `parent.subscription_item_details.proration` is `true`." And: "the invoice has not yet been
// created. As such, the upcoming invoice will not show up in invoice listing calls, and you cannot
// use the API to pay or edit the invoice."
//
// So the preview stores nothing, sends no event and takes no id from the counters (a preview
// leaves the emulator exactly as it was). Its id is prefixed `upcoming_in` (the SDK's Invoice.id:
// "For preview invoices created using the create preview endpoint, this id will be prefixed with
// `upcoming_in`"), it is a `draft` without number or hosted page, and its lines are `il_tmp_…`.
//
// What it holds:
// - `subscription` (and optionally `subscription_details.items` = [{id, price?, quantity?}],
//   `proration_behavior`, `proration_date`, `cancel_at_period_end`):
//   - create_prorations (default): the next renewal invoice (`subscription_cycle`, created at the
//     period end): the customer's pending invoice items (earlier prorations included), the
//     prorations the change would make (credit of the unused time, charge of the remaining time,
//     to the second, as `subscriptions.update` computes them), then one line per item for the next
//     period at the new price and quantity;
//   - always_invoice: the invoice the update would create now (`subscription_update`): pending
//     items and the prorations;
//   - none: the renewal with the new items and no proration.
// - `customer` alone: the customer's pending invoice items (`manual`).
// Nothing upcoming (a canceled subscription, one that ends at period end with nothing pending, a
// customer with nothing pending) answers Stripe's `invoice_upcoming_none` error.
import type { Emulator } from "../emulator";
import { invalid, StripeApiError } from "../errors";
import { arr, bool, int, obj, oneOf, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { invoiceLines, lineFromItem, recompute, syncLines } from "./invoice-build";
import { newInvoiceObject } from "./invoices";
import { pendingItemsFor } from "./test-clocks";
import { addInterval, atCustomerTime, buildSubscriptionLine, invoiceParent, proration, recurringPrice } from "./subscriptions";
import { isMetered, usageLine } from "./billing-meters";

const DAY = 86_400;

export function registerInvoicePreview(r: Router): void {
  r.add("POST", "/v1/invoices/create_preview", ({ em, p }) => {
    const subId = str(p, "subscription");
    const customerId = str(p, "customer");
    if (!subId && !customerId) throw invalid("Must provide one of `customer`, `customer_details`, `subscription`, or `schedule`.", "customer");
    const sub = subId ? em.get("subscriptions", subId, "subscription", "subscription") : undefined;
    if (sub && customerId && sub.customer !== customerId)
      throw invalid(`The subscription ${sub.id} does not belong to customer ${customerId}.`, "subscription");
    const customer = em.get("customers", customerId ?? sub!.customer, "customer", "customer");
    return atCustomerTime(em, customer.id, () => withoutTrace(em, () => preview(em, customer, sub, p)));
  });
}

/**
 * The upcoming invoice of `sub` now (what `invoices.createPreview({ subscription })` answers), or
 * null when there is none (`invoice_upcoming_none`); stores nothing (upcoming-renewal.ts).
 */
export function upcomingInvoiceOf(em: Emulator, sub: Obj): Obj | null {
  const customer = em.store.c.customers.get(sub.customer);
  if (!customer) return null;
  try {
    return withoutTrace(em, () => preview(em, customer, sub, {}));
  } catch (e) {
    if (e instanceof StripeApiError && e.body.code === "invoice_upcoming_none") return null;
    throw e;
  }
}

/** Runs `fn` and gives back every id it took: a preview is not part of the account's history. */
function withoutTrace<T>(em: Emulator, fn: () => T): T {
  const counters = { ...em.ids.counters };
  try {
    return fn();
  } finally {
    em.ids.counters = counters;
  }
}

const none = (customer: string) => invalid(`No upcoming invoices for customer: ${customer}`, undefined, "invoice_upcoming_none");

interface Change {
  si: Obj;
  price: Obj;
  quantity: number;
}

function preview(em: Emulator, customer: Obj, sub: Obj | undefined, p: Params): Obj {
  const now = em.clock.now();
  const details = obj(p, "subscription_details") ?? {};
  const behavior = oneOf(details, "proration_behavior", ["create_prorations", "none", "always_invoice"] as const) ?? "create_prorations";
  const t = int(details, "proration_date") ?? now;
  if (sub && sub.status === "canceled") throw none(customer.id);
  const items = sub ? em.store.c.subscription_items.where("subscription", sub.id).filter((i) => !i.deleted) : [];
  const changes: Change[] = (arr(details, "items") ?? []).map((raw, i) => {
    const it = (raw ?? {}) as Params;
    const id = str(it, "id");
    if (!id) throw invalid("The emulator previews changes to existing subscription items only (items[][id]).", `subscription_details[items][${i}][id]`);
    const si = items.find((x) => x.id === id);
    if (!si) throw invalid(`The subscription item ${id} does not belong to ${sub?.id ?? "a subscription"}.`, `subscription_details[items][${i}][id]`);
    const price = str(it, "price") ? recurringPrice(em, str(it, "price")!, `subscription_details[items][${i}][price]`) : (si.price as Obj);
    if (price.currency !== sub!.currency)
      throw invalid("All prices on a subscription must have the same currency.", `subscription_details[items][${i}][price]`);
    const quantity = int(it, "quantity") ?? si.quantity;
    return { si, price, quantity };
  });
  const prorate = sub && behavior !== "none" && sub.status !== "trialing";
  if (prorate) {
    for (const c of changes)
      if (t < c.si.current_period_start || t >= c.si.current_period_end)
        throw invalid("proration_date must be within the current period.", "subscription_details[proration_date]");
  }
  const currency: string = sub?.currency ?? customer.currency ?? "usd";
  const pending = pendingItemsFor(em, customer.id, currency, sub?.id ?? null);
  const endsAtPeriodEnd = sub ? (bool(details, "cancel_at_period_end") ?? sub.cancel_at_period_end) === true || sub.cancel_at !== null : false;

  const renewalAt = sub ? Math.min(...items.map((si) => si.current_period_end as number)) : now;
  const immediate = !sub || behavior === "always_invoice";
  const created = immediate ? now : renewalAt;
  const id = "upcoming_in_" + (sub?.id ?? customer.id).replace(/^[a-z]+_/, "");
  const collection: string = sub?.collection_method ?? "charge_automatically";
  const inv: Obj = newInvoiceObject(em, id, customer, currency, collection, null, {});
  Object.assign(inv, {
    billing_reason: !sub ? "manual" : behavior === "always_invoice" ? "subscription_update" : "subscription_cycle",
    parent: sub ? invoiceParent(sub) : null,
    created,
    period_start: sub && !immediate ? Math.min(...items.map((si) => si.current_period_start as number)) : created,
    period_end: created,
    default_tax_rates: sub?.default_tax_rates ?? [],
    due_date: collection === "send_invoice" && sub?.days_until_due != null ? created + sub.days_until_due * DAY : null,
    next_payment_attempt: collection === "charge_automatically" ? created + 3600 : null,
    test_clock: customer.test_clock ?? null,
  });
  // the customer's balance: a credit pays part of it, a debit adds to it (as finalizeInvoice)
  const balance: number = customer.currency === null || customer.currency === currency ? customer.balance : 0;
  inv.starting_balance = balance;

  const tempIds: string[] = [];
  em.store.lines.set(id, []);
  try {
    for (const item of pending) lineFromItem(em, inv, item);
    if (prorate) {
      for (const c of changes) {
        if (c.price.id === c.si.price.id && c.quantity === c.si.quantity) continue;
        if (isMetered(c.si.price) || isMetered(c.price)) continue; // metered items are not prorated
        addProration(em, inv, sub!, c.si, c.si.price, c.si.quantity, -1n, t, tempIds);
        addProration(em, inv, sub!, c.si, c.price, c.quantity, 1n, t, tempIds);
      }
    }
    if (sub && !immediate) {
      if (endsAtPeriodEnd && invoiceLines(em, id).length === 0) throw none(customer.id);
      if (!endsAtPeriodEnd) {
        const lines = invoiceLines(em, id);
        for (const si of items) {
          const c = changes.find((x) => x.si === si);
          const price = c?.price ?? si.price;
          const start = si.current_period_end as number;
          const period = { start, end: addInterval(start, price.recurring.interval, price.recurring.interval_count) };
          // a trial running past the renewal keeps the next period free
          const trial = sub.trial_end !== null && sub.trial_end > start;
          const lineId = em.newId("il");
          // a metered item: the current period's usage so far, billed in arrears at the renewal (billing-meters.ts)
          const { line, meta } = isMetered(si.price)
            ? usageLine(em, sub, si, { invoiceId: id, lineId, trial: sub.status === "trialing", period: { start: si.current_period_start, end: start } })
            : buildSubscriptionLine(em, sub, si, { invoiceId: id, lineId, trial, price, quantity: c?.quantity ?? si.quantity, period });
          em.store.meta.set(lineId, meta);
          tempIds.push(lineId);
          lines.push(line);
        }
      }
    }
    const lines = invoiceLines(em, id);
    if (lines.length === 0) throw none(customer.id);
    recompute(em, inv);
    // upcoming lines are temporary: Stripe names them il_tmp_…
    for (const l of lines) {
      tempIds.push(l.id);
      l.id = l.id.replace(/^il_/, "il_tmp_");
    }
    syncLines(em, inv);
    inv.lines = { ...inv.lines, url: `/v1/invoices/${id}/lines` };
    return JSON.parse(JSON.stringify(inv)) as Obj;
  } finally {
    em.store.lines.delete(id);
    for (const k of tempIds) em.store.meta.delete(k);
  }
}

/** A previewed proration line: what `subscriptions.update` would make, with no invoice item behind it. */
function addProration(em: Emulator, inv: Obj, sub: Obj, si: Obj, price: Obj, quantity: number, sign: 1n | -1n, t: number, tempIds: string[]): void {
  const pr = proration(em, si, price, quantity, sign, t);
  const itemId = em.newId("ii");
  const item: Obj = {
    id: itemId,
    amount: Number(pr.amount),
    currency: sub.currency,
    description: pr.description,
    discountable: false,
    discounts: [],
    metadata: {},
    parent: { subscription_details: { subscription: sub.id, subscription_item: si.id }, type: "subscription_details" },
    period: pr.period,
    pricing: { price_details: { price: price.id, product: price.product }, type: "price_details", unit_amount_decimal: pr.unit },
    proration: true,
    quantity,
    quantity_decimal: String(quantity),
    tax_rates: [],
  };
  em.store.meta.set(itemId, { fixed: String(pr.amount), qty: String(quantity), unit: pr.unit, credited: pr.credited });
  tempIds.push(itemId);
  const line = lineFromItem(em, inv, item);
  // not created yet: no invoice item stands behind a previewed proration
  line.parent.subscription_item_details.invoice_item = null;
}
