// Test clocks: create / retrieve / list / advance / delete, customers living at the clock's time,
// renewals period by period, trial_will_end, cancel at period end, dunning (src/resources/test-clocks.ts).
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDunning, DEFAULT_DUNNING } from "../src/resources/test-clocks";
import { setup, stripeError, type TestEnv } from "./helpers";
import { shapeErrors } from "./sdk-shape";

const DAY = 86_400;
const T0 = Date.UTC(2027, 0, 1) / 1000; // the clock's time, a year after the emulator's own
let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});
beforeEach(() => {
  setDunning(env.run.emulator, DEFAULT_DUNNING);
});

const json = (o: unknown) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

/** Event types recorded after the first `afterCount` events about the clock, its customer and what belongs to it. */
function eventsSince(afterCount: number, ids: Set<string>): string[] {
  const em = env.run.emulator;
  const all = [...em.store.c.events.items.values()].slice(afterCount);
  const mine = (o: Record<string, any>): boolean =>
    ids.has(o.customer) || (typeof o.invoice === "string" && ids.has(em.store.c.invoices.get(o.invoice)?.customer));
  return all.filter((e) => ids.has(e.object_id) || mine(em.renderEvent(e).data.object)).map((e) => e.type as string);
}
const eventCount = () => env.run.emulator.store.c.events.size;

async function monthly(name: string, unit_amount: number): Promise<Stripe.Price> {
  return env.stripe.prices.create({ currency: "usd", unit_amount, recurring: { interval: "month" }, product_data: { name } });
}

describe("test clocks", { timeout: 60_000 }, () => {
  it("create / retrieve / list / delete, with Stripe's object and events; customers live at the clock's time", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0, name: "crud" });
    expect(clock).toMatchObject({ object: "test_helpers.test_clock", frozen_time: T0, name: "crud", status: "ready", livemode: false });
    expect(clock.id).toMatch(/^clock_/);
    expect(clock.deletes_after).toBe(clock.created + 7 * DAY);
    expect(shapeErrors(json(clock))).toEqual([]);
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).id).toBe(clock.id);
    expect((await stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toContain(clock.id);

    const c = await stripe.customers.create({ email: "clock@tc.test", test_clock: clock.id });
    expect(c.test_clock).toBe(clock.id);
    expect(c.created).toBe(T0);
    const missing = await stripeError(stripe.customers.create({ test_clock: "clock_nope" }));
    expect(missing.code).toBe("resource_missing");

    const price = await monthly("CRUD", 1000);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], collection_method: "send_invoice", days_until_due: 30 });
    expect(sub).toMatchObject({ created: T0, start_date: T0, test_clock: clock.id });
    expect(sub.items.data[0].current_period_end).toBe(Date.UTC(2027, 1, 1) / 1000);

    const before = eventCount();
    const del = await stripe.testHelpers.testClocks.del(clock.id);
    expect(del).toEqual({ id: clock.id, object: "test_helpers.test_clock", deleted: true });
    expect(eventsSince(before, new Set([clock.id, c.id, sub.id]))).toEqual([
      "customer.subscription.deleted",
      "customer.deleted",
      "test_helpers.test_clock.deleted",
    ]);
    expect((await stripe.customers.retrieve(c.id)).deleted).toBe(true);
  });

  it("advance renews a subscription period by period: invoice.created, one hour later finalized and paid", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({
      test_clock: clock.id,
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const price = await monthly("Team", 1500);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, quantity: 2 }] });
    await stripe.invoices.pay(sub.latest_invoice as string);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");

    const feb1 = Date.UTC(2027, 1, 1) / 1000;
    const before = eventCount();
    const adv = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: feb1 + 2 * 3600 });
    // Stripe answers "advancing" and finishes on its own; the emulator has already finished
    expect(adv).toMatchObject({ status: "advancing", status_details: { advancing: { target_frozen_time: feb1 + 2 * 3600 } } });
    expect(shapeErrors(json(adv))).toEqual([]);
    expect(await stripe.testHelpers.testClocks.retrieve(clock.id)).toMatchObject({ status: "ready", status_details: {}, frozen_time: feb1 + 2 * 3600 });

    const types = eventsSince(before, new Set([clock.id, c.id, sub.id]));
    expect(types).toEqual([
      "test_helpers.test_clock.advancing",
      // 3 days before the renewal (upcoming-renewal.ts)
      "invoice.upcoming",
      "invoice.created",
      "customer.subscription.updated",
      "invoice.finalized",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice.updated",
      "test_helpers.test_clock.ready",
    ]);
    const em = env.run.emulator;
    const evs = [...em.store.c.events.items.values()].slice(before).map((e) => em.renderEvent(e));
    const created = evs.find((e) => e.type === "invoice.created")!;
    const finalized = evs.find((e) => e.type === "invoice.finalized")!;
    expect([created.created, finalized.created]).toEqual([feb1, feb1 + 3600]);
    expect(created.request).toEqual({ id: null, idempotency_key: null });
    expect(created.data.object).toMatchObject({ status: "draft", billing_reason: "subscription_cycle", automatically_finalizes_at: feb1 + 3600 });
    const updated = evs.find((e) => e.type === "customer.subscription.updated")!;
    expect(updated.data.previous_attributes.items.data[0]).toMatchObject({ current_period_start: T0, current_period_end: feb1 });

    const inv = await stripe.invoices.retrieve(created.data.object.id);
    expect(inv).toMatchObject({ status: "paid", total: 3000, created: feb1, billing_reason: "subscription_cycle", attempt_count: 1 });
    expect(inv.lines.data[0]).toMatchObject({ amount: 3000, quantity: 2, period: { start: feb1, end: Date.UTC(2027, 2, 1) / 1000 } });
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s).toMatchObject({ status: "active", latest_invoice: inv.id });
    expect(s.items.data[0]).toMatchObject({ current_period_start: feb1, current_period_end: Date.UTC(2027, 2, 1) / 1000 });
    for (const o of [inv, s]) expect(shapeErrors(json(o))).toEqual([]);

    // two more periods in one advance: two renewal invoices, each paid, in time order
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2027, 3, 1, 2) / 1000 });
    const invs = (await stripe.invoices.list({ customer: c.id })).data;
    expect(invs.map((i) => [i.created, i.status, i.billing_reason])).toEqual([
      [Date.UTC(2027, 3, 1) / 1000, "paid", "subscription_cycle"],
      [Date.UTC(2027, 2, 1) / 1000, "paid", "subscription_cycle"],
      [feb1, "paid", "subscription_cycle"],
      [T0, "paid", "subscription_create"],
    ]);
    // Stripe: no more than two intervals past the shortest subscription
    const far = await stripeError(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2027, 6, 1) / 1000 }));
    expect(far.param).toBe("frozen_time");
    const back = await stripeError(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 }));
    expect(back.param).toBe("frozen_time");
  });

  it("a seat change's prorations go on the next renewal invoice", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({
      test_clock: clock.id,
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const price = await monthly("Seats", 1000);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, quantity: 10 }] });
    await stripe.invoices.pay(sub.latest_invoice as string);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 12 }] });
    const pending = (await stripe.invoiceItems.list({ customer: c.id, pending: true })).data;
    expect(pending.map((i) => i.date)).toEqual([T0 + 10 * DAY, T0 + 10 * DAY]);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2027, 1, 1, 2) / 1000 });
    const renewal = (await stripe.invoices.list({ customer: c.id, limit: 1 })).data[0];
    const prorations = renewal.lines.data.filter((l) => l.parent?.subscription_item_details?.proration);
    expect(prorations.map((l) => l.amount).sort((a, b) => a - b)).toEqual(pending.map((i) => i.amount).sort((a, b) => a - b));
    const period = renewal.lines.data.find((l) => !l.parent?.subscription_item_details?.proration)!;
    expect([period.quantity, period.amount]).toEqual([12, 12000]);
    expect(renewal.total).toBe(12000 + pending.reduce((a, i) => a + i.amount, 0));
    expect(renewal.status).toBe("paid");
  });

  it("a trial: trial_will_end three days before, then the first paid period; cancel_at_period_end ends it at the period end", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({
      test_clock: clock.id,
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const price = await monthly("Pro", 4900);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], trial_period_days: 14 });
    expect(sub.status).toBe("trialing");
    const ids = new Set([clock.id, c.id, sub.id]);
    let before = eventCount();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 12 * DAY });
    const em = env.run.emulator;
    const twe = [...em.store.c.events.items.values()].slice(before).find((e) => e.type === "customer.subscription.trial_will_end")!;
    expect(twe.created).toBe(T0 + 11 * DAY);
    before = eventCount();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 15 * DAY });
    expect(eventsSince(before, ids)).not.toContain("customer.subscription.trial_will_end");
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("active");
    const inv = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv).toMatchObject({ status: "paid", total: 4900, created: T0 + 14 * DAY });

    const end = s.items.data[0].current_period_end;
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    before = eventCount();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: end + DAY });
    expect(eventsSince(before, ids)).toEqual(["test_helpers.test_clock.advancing", "customer.subscription.deleted", "test_helpers.test_clock.ready"]);
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: "canceled", ended_at: end, cancel_at: end });
    expect((await stripe.invoices.list({ customer: c.id })).data).toHaveLength(2);
  });

  it("dunning with a failing card: past_due, three retries (3, 5, 7 days), then canceled (the default)", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    // Stripe's test card that attaches but whose charges fail
    const c = await stripe.customers.create({
      test_clock: clock.id,
      payment_method: "pm_card_chargeCustomerFail",
      invoice_settings: { default_payment_method: "pm_card_chargeCustomerFail" },
    });
    const price = await monthly("Dunning", 2000);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], trial_period_days: 1 });
    const ids = new Set([clock.id, c.id, sub.id]);
    let before = eventCount();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + DAY + 3600 });
    expect(eventsSince(before, ids)).toEqual([
      "test_helpers.test_clock.advancing",
      "customer.subscription.trial_will_end",
      // a 1-day trial: announced as soon as the period started, as trial_will_end (upcoming-renewal.ts)
      "invoice.upcoming",
      "invoice.created",
      "customer.subscription.updated",
      "invoice.finalized",
      "payment_intent.created",
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "invoice.updated",
      "customer.subscription.updated",
      "test_helpers.test_clock.ready",
    ]);
    let s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("past_due");
    const inv0 = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv0).toMatchObject({ status: "open", attempt_count: 1, next_payment_attempt: T0 + DAY + 3600 + 3 * DAY });

    before = eventCount();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + DAY + 3600 + 15 * DAY });
    const em = env.run.emulator;
    const failed = [...em.store.c.events.items.values()]
      .slice(before)
      .filter((e) => e.type === "invoice.payment_failed")
      .map((e) => e.created - (T0 + DAY + 3600));
    expect(failed).toEqual([3 * DAY, 8 * DAY, 15 * DAY]);
    expect(eventsSince(before, ids).slice(-3)).toEqual(["invoice.updated", "customer.subscription.deleted", "test_helpers.test_clock.ready"]);
    s = await stripe.subscriptions.retrieve(sub.id);
    expect(s).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" } });
    const inv = await stripe.invoices.retrieve(inv0.id);
    expect(inv).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
  });

  it("dunning set to unpaid + uncollectible: no payment on later invoices; paying the open one reactivates", async () => {
    const { stripe } = env;
    setDunning(env.run.emulator, { retryDays: [2], subscriptionStatus: "unpaid", invoiceStatus: "uncollectible" });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({
      test_clock: clock.id,
      payment_method: "pm_card_chargeCustomerFail",
      invoice_settings: { default_payment_method: "pm_card_chargeCustomerFail" },
    });
    const price = await monthly("Unpaid", 3000);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], trial_period_days: 5 });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 8 * DAY });
    let s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("unpaid");
    const failedInv = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(failedInv).toMatchObject({ status: "uncollectible", attempt_count: 2, next_payment_attempt: null });
    // the next renewal: "invoices continue to generate, but payments aren't attempted"
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 5 * DAY + 32 * DAY });
    s = await stripe.subscriptions.retrieve(sub.id);
    const next = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(next).toMatchObject({ status: "open", attempt_count: 0, next_payment_attempt: null });
    await stripe.invoices.pay(next.id, { paid_out_of_band: true });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });
});
