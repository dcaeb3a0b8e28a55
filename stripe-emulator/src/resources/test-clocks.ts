// Test clocks (`/v1/test_helpers/test_clocks`): create, retrieve, list, advance, delete.
//
// Stripe (API reference, "Test Clocks"): "A test clock enables deterministic control over objects
// in testmode. With a test clock, you can create objects at a frozen time in the past or future,
// and advance to a specific future time to observe webhooks and state changes." Customers join a
// clock at creation (`customers.create({ test_clock })`); their subscriptions, invoices and
// payments then live at the clock's `frozen_time` (subscriptions.ts `atCustomerTime`).
//
// Advancing ("Starts advancing a test clock to a specified time in the future. Advancement is done
// when status changes to `Ready`") returns the clock with `status: "advancing"` and
// `status_details.advancing.target_frozen_time`, as Stripe answers; the emulator then does the
// work at once, so a retrieve already sees `ready`. Events: `test_helpers.test_clock.advancing`,
// then everything that happened, in time order, then `test_helpers.test_clock.ready`.
//
// What happens on the way, each at its own instant (the clock is pinned to it, so objects and
// events carry that time and `request.id` is null, as Stripe's automatic events):
// - `customer.subscription.trial_will_end` three days before a trial ends (Stripe, "Subscription
//   webhooks": "Sent three days before the trial period ends. If the trial is less than three
//   days, this event is triggered.").
// - At a period end: a subscription with `cancel_at` at or before it ends (status `canceled`,
//   `ended_at`, `customer.subscription.deleted`); otherwise its items move to the next period
//   (a trial ends: `trialing` → `active`) and a renewal invoice (`billing_reason:
//   subscription_cycle`, pending invoice items such as prorations included) is created as a draft:
//   `invoice.created`, then `customer.subscription.updated` (previous items, latest_invoice).
// - One hour later the draft is finalized and paid (Stripe, "How subscriptions work": "Stripe
//   waits an hour after receiving a successful response to the invoice.created event before
//   attempting payment"; the draft's `automatically_finalizes_at`): `invoice.finalized`, then the
//   payment's events (`invoice.paid` … or `invoice.payment_failed`).
// - Dunning (Stripe, "Automate payment retries" / custom retry schedule, and "Subscription
//   statuses": past_due — "Payment on the latest finalized invoice either failed or wasn't
//   attempted"; unpaid — "The latest invoice hasn't been paid but the subscription remains in
//   place. The latest invoice remains open and invoices continue to generate, but payments aren't
//   attempted"): the first failed payment makes an active subscription `past_due`
//   (`customer.subscription.updated`); retries follow `retryDays` (days after the previous
//   attempt; `invoice.next_payment_attempt`); after the last one fails, the subscription becomes
//   `canceled` (`customer.subscription.deleted`), `unpaid` (`customer.subscription.updated`) or
//   stays `past_due`, and the invoice is marked uncollectible or left open — Stripe's two
//   Dashboard settings ("If all retries for a payment fail"), here `setDunning()` / control API
//   `POST /_emulator/dunning`. A successful retry makes the subscription `active` again.
import type { Emulator } from "../emulator";
import { invalid, StripeApiError } from "../errors";
import { listCollection } from "../list";
import { int, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { invoiceLines, lineFromItem } from "./invoice-build";
import { createInvoice, finalizeInvoice } from "./invoices";
import { payInvoice } from "./invoice-pay";
import { addInterval, invoiceParams, invoiceParent, itemsList, subscriptionLine } from "./subscriptions";
import { isMetered, usageLine } from "./billing-meters";

const DAY = 86_400;
const HOUR = 3_600;
/** Stripe's example clock (API reference, "Advance a test clock") deletes itself 7 days after creation. */
const LIFETIME = 7 * DAY;
const AUTOMATIC = Object.freeze({ id: null, idempotency_key: null });

export interface DunningSettings {
  /** Retries after the first failed attempt, each this many days after the previous attempt. */
  retryDays: number[];
  /** The subscription once every retry failed. */
  subscriptionStatus: "canceled" | "unpaid" | "past_due";
  /** The invoice once every retry failed: marked uncollectible or left open ("past_due"). */
  invoiceStatus: "uncollectible" | "past_due";
}

/** The emulator's default: a custom schedule of three retries (3, 5, 7 days), then cancel. */
export const DEFAULT_DUNNING: DunningSettings = { retryDays: [3, 5, 7], subscriptionStatus: "canceled", invoiceStatus: "past_due" };

export function dunning(em: Emulator): DunningSettings {
  return (em.store.meta.get("dunning") as DunningSettings | undefined) ?? DEFAULT_DUNNING;
}

/** Sets the retry schedule and what happens after the last failed retry (kept in snapshots). */
export function setDunning(em: Emulator, s: Partial<DunningSettings>): DunningSettings {
  const cur = dunning(em);
  const next: DunningSettings = {
    retryDays: s.retryDays ? s.retryDays.map(Number) : cur.retryDays,
    subscriptionStatus: s.subscriptionStatus ?? cur.subscriptionStatus,
    invoiceStatus: s.invoiceStatus ?? cur.invoiceStatus,
  };
  if (next.retryDays.length > 3 || next.retryDays.some((d) => !Number.isInteger(d) || d < 1))
    throw invalid("A custom retry schedule has at most 3 retries of whole days (≥ 1).", "retryDays");
  if (!["canceled", "unpaid", "past_due"].includes(next.subscriptionStatus)) throw invalid("subscriptionStatus must be canceled, unpaid or past_due.");
  if (!["uncollectible", "past_due"].includes(next.invoiceStatus)) throw invalid("invoiceStatus must be uncollectible or past_due.");
  em.store.meta.set("dunning", next);
  em.touch();
  return next;
}

export function registerTestClocks(r: Router): void {
  r.add("POST", "/v1/test_helpers/test_clocks", ({ em, p }) => {
    const frozen = int(p, "frozen_time", true)!;
    const now = em.clock.now();
    const clock: Obj = {
      id: em.newId("clock"),
      object: "test_helpers.test_clock",
      created: now,
      deletes_after: now + LIFETIME,
      frozen_time: frozen,
      livemode: false,
      name: str(p, "name") ?? null,
      status: "ready",
      status_details: {},
    };
    if (em.livemode) throw invalid("Test clocks can only be used in test mode.");
    em.store.c.test_clocks.insert(clock);
    em.emit("test_helpers.test_clock.created", clock);
    return clock;
  });
  r.add("GET", "/v1/test_helpers/test_clocks/:id", ({ em, path }) => {
    if (!em.store.c.test_clocks.get(path.id) && em.store.meta.get(path.id)?.deleted) return { id: path.id, object: "test_helpers.test_clock", deleted: true };
    return em.get("test_clocks", path.id, "test_helpers.test_clock");
  });
  r.add("GET", "/v1/test_helpers/test_clocks", ({ em, p, url }) => listCollection(em.store.c.test_clocks, p, url));
  r.add("POST", "/v1/test_helpers/test_clocks/:id/advance", ({ em, p, path }) =>
    advanceTestClock(em, em.get("test_clocks", path.id, "test_helpers.test_clock"), int(p, "frozen_time", true)!),
  );
  r.add("DELETE", "/v1/test_helpers/test_clocks/:id", ({ em, path }) => deleteTestClock(em, em.get("test_clocks", path.id, "test_helpers.test_clock")));
}

function clockCustomers(em: Emulator, clockId: string): Obj[] {
  const out: Obj[] = [];
  for (const c of em.store.c.customers.items.values()) if (c.test_clock === clockId) out.push(c);
  return out;
}

function clockSubscriptions(em: Emulator, customers: Obj[]): Obj[] {
  return customers.flatMap((c) => em.store.c.subscriptions.where("customer", c.id));
}

const LIVE = new Set(["active", "trialing", "past_due", "unpaid"]);

function periodEnd(em: Emulator, sub: Obj): number {
  let end = Infinity;
  for (const si of em.store.c.subscription_items.where("subscription", sub.id)) if (!si.deleted) end = Math.min(end, si.current_period_end);
  return end;
}

/** Stripe: "Cannot be more than two intervals in the future from the shortest subscription in this test clock." */
function advanceLimit(em: Emulator, clock: Obj, subs: Obj[]): number {
  let limit = addInterval(clock.frozen_time, "year", 2);
  for (const sub of subs) {
    if (!LIVE.has(sub.status)) continue;
    const si = em.store.c.subscription_items.where("subscription", sub.id)[0];
    if (!si) continue;
    limit = Math.min(limit, addInterval(clock.frozen_time, si.price.recurring.interval, 2 * si.price.recurring.interval_count));
  }
  return limit;
}

type Step = { at: number; order: number; run: () => void };

export function advanceTestClock(em: Emulator, clock: Obj, target: number): Obj {
  if (clock.status !== "ready") throw invalid("The test clock is already advancing.", undefined, "test_clock_advancing");
  if (target <= clock.frozen_time) throw invalid("The frozen_time must be after the test clock's current frozen time.", "frozen_time");
  const customers = clockCustomers(em, clock.id);
  const limit = advanceLimit(em, clock, clockSubscriptions(em, customers));
  if (target > limit)
    throw invalid(
      "Cannot advance more than two intervals past the shortest subscription on this test clock (or two years without subscriptions).",
      "frozen_time",
    );
  const outer = em.current;
  em.current = AUTOMATIC;
  try {
    clock.status = "advancing";
    clock.status_details = { advancing: { target_frozen_time: target } };
    em.emit("test_helpers.test_clock.advancing", clock);
    const answer = JSON.parse(JSON.stringify(clock)) as Obj;
    for (;;) {
      // everything due at the earliest instant, in order (one scan per instant, not per object:
      // a clock with thousands of customers renews them all at once)
      const due = dueSteps(em, customers, clock.frozen_time, target);
      if (!due.length) break;
      clock.frozen_time = due[0]!.at;
      em.clock.at(clock.frozen_time, () => {
        for (const step of due) step.run();
      });
    }
    clock.frozen_time = target;
    clock.status = "ready";
    clock.status_details = {};
    em.emit("test_helpers.test_clock.ready", clock);
    answer.frozen_time = clock.frozen_time;
    return answer;
  } finally {
    em.current = outer;
  }
}

/**
 * What is due on the clock's objects at the earliest instant at or before `target`, in `order`
 * (trial_will_end, finalize, payment retry, period end), then in customer order.
 */
function dueSteps(em: Emulator, customers: Obj[], from: number, target: number): Step[] {
  let at = Infinity;
  let due: Step[] = [];
  const offer = (s: Step) => {
    if (s.at > target) return;
    s.at = Math.max(s.at, from); // due before the clock got there (a trial shorter than 3 days)
    if (s.at < at) {
      at = s.at;
      due = [s];
    } else if (s.at === at) due.push(s);
  };
  for (const c of customers) {
    for (const inv of em.store.c.invoices.where("customer", c.id)) {
      const subId = inv.parent?.subscription_details?.subscription;
      if (!subId) continue;
      if (inv.status === "draft" && inv.automatically_finalizes_at !== null) {
        offer({ at: inv.automatically_finalizes_at, order: 1, run: () => finalizeAndCollect(em, inv) });
      } else if (inv.status === "open" && inv.collection_method === "charge_automatically" && inv.next_payment_attempt !== null && isClockManaged(em, inv)) {
        offer({ at: inv.next_payment_attempt, order: 2, run: () => attemptPayment(em, inv) });
      }
    }
    for (const sub of em.store.c.subscriptions.where("customer", c.id)) {
      if (!LIVE.has(sub.status)) continue;
      if (sub.status === "trialing" && sub.trial_end !== null && !em.store.meta.get("trial_will_end:" + sub.id)) {
        offer({ at: Math.max(sub.trial_end - 3 * DAY, sub.trial_start ?? sub.created), order: 0, run: () => trialWillEnd(em, sub) });
      }
      const end = periodEnd(em, sub);
      if (sub.cancel_at !== null && sub.cancel_at <= end) offer({ at: sub.cancel_at, order: 3, run: () => endSubscription(em, sub, "cancellation_requested") });
      else if (Number.isFinite(end)) offer({ at: end, order: 3, run: () => renew(em, sub) });
    }
  }
  // stable: same order keeps customer order
  return due.sort((a, b) => a.order - b.order);
}

function trialWillEnd(em: Emulator, sub: Obj): void {
  em.store.meta.set("trial_will_end:" + sub.id, { sent: true });
  em.emit("customer.subscription.trial_will_end", sub);
}

/** Ends a subscription now (its cancel_at, or dunning): status canceled, customer.subscription.deleted. */
function endSubscription(em: Emulator, sub: Obj, reason: "cancellation_requested" | "payment_failed"): void {
  const now = em.clock.now();
  sub.status = "canceled";
  sub.ended_at = now;
  if (sub.canceled_at === null) sub.canceled_at = now;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = { ...sub.cancellation_details, reason: sub.cancellation_details?.reason ?? reason };
  // an unpaid renewal stops being retried with its subscription
  for (const inv of em.store.c.invoices.where("customer", sub.customer)) {
    if (inv.parent?.subscription_details?.subscription === sub.id && inv.status === "open") inv.next_payment_attempt = null;
  }
  em.emit("customer.subscription.deleted", sub);
}

/** A period end: the items move one interval on and the renewal invoice is drafted. */
function renew(em: Emulator, sub: Obj): void {
  const items = em.store.c.subscription_items.where("subscription", sub.id).filter((i) => !i.deleted);
  const prev: Obj = { items: JSON.parse(JSON.stringify(itemsList(em, sub.id))), latest_invoice: sub.latest_invoice };
  const wasTrial = sub.status === "trialing";
  // metered items bill the period that just ended, in arrears (billing-meters.ts)
  const ended = new Map(items.map((si) => [si.id, { start: si.current_period_start as number, end: si.current_period_end as number }]));
  for (const si of items) {
    const start = si.current_period_end;
    si.current_period_start = start;
    si.current_period_end = addInterval(start, si.price.recurring.interval, si.price.recurring.interval_count);
  }
  if (wasTrial) {
    prev.status = "trialing";
    sub.status = "active";
  }
  sub.items = itemsList(em, sub.id);
  const pending = pendingItemsFor(em, sub.customer, sub.currency, sub.id);
  const inv = createInvoice(
    em,
    invoiceParams(sub, em, "subscription_cycle"),
    { billing_reason: "subscription_cycle", parent: invoiceParent(sub), default_tax_rates: sub.default_tax_rates, auto_advance: true },
    (draft) => {
      draft.automatically_finalizes_at = em.clock.now() + HOUR;
      draft.period_start = items[0]?.current_period_start ?? draft.period_start;
      for (const item of pending) {
        item.invoice = draft.id;
        lineFromItem(em, draft, item);
      }
      const lines = invoiceLines(em, draft.id);
      for (const si of items) {
        if (!isMetered(si.price)) {
          lines.push(subscriptionLine(em, sub, si, draft.id, false));
          continue;
        }
        const lineId = em.newId("il");
        const period = ended.get(si.id)!;
        const { line, meta } = usageLine(em, sub, si, { invoiceId: draft.id, lineId, trial: wasTrial, period });
        // re-read at finalization: usage may still arrive in the grace hour (billing-meters.ts refreshUsageLines)
        em.store.meta.set(lineId, { ...meta, usage: { si: si.id, price: si.price.id, start: period.start, end: period.end, trial: wasTrial } });
        lines.push(line);
      }
    },
  );
  sub.latest_invoice = inv.id;
  em.emit("customer.subscription.updated", sub, prev);
}

/**
 * The pending invoice items a subscription's next invoice takes: its own (prorations) and the
 * customer's one-off items, not another subscription's (Stripe: a subscription's pending items are
 * "included on the subscription's next invoice"; other pending items on the next invoice).
 */
export function pendingItemsFor(em: Emulator, customer: string, currency: string, subscription: string | null): Obj[] {
  return em.store.c.invoiceitems.where("customer", customer).filter((i) => {
    if (i.invoice !== null || i.currency !== currency) return false;
    const owner = i.parent?.subscription_details?.subscription ?? null;
    return owner === null || owner === subscription;
  });
}

function isClockManaged(em: Emulator, inv: Obj): boolean {
  return em.store.meta.get(inv.id)?.clockManaged === true;
}

/** The hour after invoice.created: finalize, then the first automatic payment attempt. */
function finalizeAndCollect(em: Emulator, inv: Obj): void {
  inv.automatically_finalizes_at = null;
  em.store.meta.set(inv.id, { ...(em.store.meta.get(inv.id) ?? {}), clockManaged: true });
  finalizeInvoice(em, inv);
  const sub = em.store.c.subscriptions.get(inv.parent.subscription_details.subscription);
  if (inv.status !== "open" || inv.collection_method !== "charge_automatically") return;
  // unpaid: "invoices continue to generate, but payments aren't attempted"
  if (!sub || sub.status === "unpaid" || sub.status === "canceled") {
    inv.next_payment_attempt = null;
    em.touch();
    return;
  }
  attemptPayment(em, inv);
}

function attemptPayment(em: Emulator, inv: Obj): void {
  const settings = dunning(em);
  const retriesDone = inv.attempt_count; // attempts so far; the first one is not a retry
  const retryDay = settings.retryDays[retriesDone];
  const nextAttempt = retryDay !== undefined ? em.clock.now() + retryDay * DAY : null;
  try {
    payInvoice(em, inv, {} as Params, { nextAttemptAfterDecline: nextAttempt });
    return;
  } catch (e) {
    if (!(e instanceof StripeApiError)) throw e;
    if (e.body.code === "payment_method_not_available") {
      // no card to charge: Stripe "doesn't retry payments if no payment methods are available"
      const prev = { attempt_count: inv.attempt_count, attempted: inv.attempted };
      inv.attempt_count++;
      inv.attempted = true;
      inv.next_payment_attempt = null;
      em.emitSame(["invoice.payment_failed", "invoice.updated"], inv, prev);
    }
  }
  const sub = em.store.c.subscriptions.get(inv.parent.subscription_details.subscription);
  if (!sub) return;
  if (inv.next_payment_attempt !== null) {
    if (sub.status === "active") {
      sub.status = "past_due";
      em.emit("customer.subscription.updated", sub, { status: "active" });
    }
    return;
  }
  // every retry failed
  if (settings.invoiceStatus === "uncollectible") {
    inv.status = "uncollectible";
    inv.status_transitions = { ...inv.status_transitions, marked_uncollectible_at: em.clock.now() };
    em.emitSame(["invoice.marked_uncollectible", "invoice.updated"], inv, { status: "open" });
  }
  if (settings.subscriptionStatus === "canceled") endSubscription(em, sub, "payment_failed");
  else if (settings.subscriptionStatus === "unpaid" && sub.status !== "unpaid") {
    const prev = { status: sub.status };
    sub.status = "unpaid";
    em.emit("customer.subscription.updated", sub, prev);
  } else if (sub.status === "active") {
    sub.status = "past_due";
    em.emit("customer.subscription.updated", sub, { status: "active" });
  }
}

/** Stripe: deleting a test clock deletes the objects attached to it (its customers, their subscriptions). */
function deleteTestClock(em: Emulator, clock: Obj): Obj {
  const outer = em.current;
  em.current = AUTOMATIC;
  try {
    em.clock.at(clock.frozen_time, () => {
      for (const c of clockCustomers(em, clock.id)) {
        for (const sub of em.store.c.subscriptions.where("customer", c.id)) if (sub.status !== "canceled") endSubscription(em, sub, "cancellation_requested");
        em.store.c.customers.delete(c.id);
        em.store.meta.set(c.id, { ...(em.store.meta.get(c.id) ?? {}), deleted: true });
        em.emit("customer.deleted", c);
      }
    });
  } finally {
    em.current = outer;
  }
  em.store.c.test_clocks.delete(clock.id);
  em.store.meta.set(clock.id, { deleted: true });
  const gone = { id: clock.id, object: "test_helpers.test_clock", deleted: true };
  em.emit("test_helpers.test_clock.deleted", clock);
  return gone;
}
