// Issue 16's remaining subscription behaviours (src/resources/subscriptions.ts):
// - cancel now with invoice_now (and prorate): a final invoice with the prorated credit and the
//   metered usage not yet billed (https://docs.stripe.com/api/subscriptions/cancel);
// - cancel now without either: the subscription's pending prorations are removed, one-off items kept;
// - proration_behavior=always_invoice invoices that subscription's pending prorations only.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

const DAY = 86_400;
const T0 = Date.UTC(2027, 2, 1) / 1000; // 1 Mar 2027
const T1 = Date.UTC(2027, 3, 1) / 1000; // 1 Apr 2027, the period end
let env: TestEnv;
beforeAll(async () => {
  env = await setup({ startTime: T0 });
});
afterAll(async () => {
  await env.run.close();
});

let n = 0;
async function monthly(name: string, unit_amount: number): Promise<Stripe.Price> {
  return env.stripe.prices.create({ currency: "usd", unit_amount, recurring: { interval: "month" }, product_data: { name } });
}
/** Stripe's rounding of a proration: half up, to the second (the emulator's proration()). */
const prorated = (full: number, from: number, start: number, end: number) => Math.floor((2 * full * (end - from) + (end - start)) / (2 * (end - start)));

describe("cancel now and always_invoice", { timeout: 60_000 }, () => {
  it("invoice_now + prorate: a final invoice with the unused-time credit and the metered usage not yet billed", async () => {
    const { stripe } = env;
    n++;
    const meter = await stripe.billing.meters.create({ display_name: "Calls", event_name: `calls_cancel_${n}`, default_aggregation: { formula: "sum" } });
    const calls = await stripe.prices.create({
      currency: "usd",
      unit_amount: 3,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      product_data: { name: "Calls" },
    });
    const seat = await monthly("Seat", 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({ email: "final@cancel.test", test_clock: clock.id });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: seat.id, quantity: 2 }, { price: calls.id }],
      collection_method: "send_invoice",
      days_until_due: 14,
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    for (const [v, t] of [
      [40, T0 + DAY],
      [60, T0 + 9 * DAY],
    ])
      await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: c.id, value: String(v) }, timestamp: t });
    const now = T0 + 10 * DAY;
    const canceled = await stripe.subscriptions.cancel(sub.id, { invoice_now: true, prorate: true });
    expect(canceled).toMatchObject({ status: "canceled", ended_at: now });
    expect(canceled.latest_invoice).not.toBe(sub.latest_invoice);
    const final = await stripe.invoices.retrieve(canceled.latest_invoice as string);
    expect(final).toMatchObject({ billing_reason: "subscription_update", parent: { subscription_details: { subscription: sub.id } } });
    const credit = final.lines.data.find((l) => l.amount < 0)!;
    const usage = final.lines.data.find((l) => l.amount > 0)!;
    expect(final.lines.data).toHaveLength(2);
    expect([credit.amount, credit.quantity, credit.parent?.subscription_item_details?.proration]).toEqual([-prorated(2000, now, T0, T1), 2, true]);
    // usage from the period start to the cancellation: 100 calls × $0.03
    expect([usage.amount, usage.quantity, usage.period]).toEqual([300, 100, { start: T0, end: now }]);
    expect(final.total).toBe(300 - prorated(2000, now, T0, T1));
    // a negative total is never a negative amount due: it goes to the customer's credit balance
    expect([final.amount_due, final.status, ((await stripe.customers.retrieve(c.id)) as Stripe.Customer).balance]).toEqual([0, "paid", final.total]);
    // nothing left pending: the final invoice took the credit
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toHaveLength(0);
  });

  it("invoice_now alone: pending prorations of the subscription are invoiced at once, no credit for unused time", async () => {
    const { stripe } = env;
    const seat = await monthly("Desk", 1000);
    const c = await stripe.customers.create({ email: "now@cancel.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: seat.id }], collection_method: "send_invoice", days_until_due: 14 });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 3 }] });
    const canceled = await stripe.subscriptions.cancel(sub.id, { invoice_now: true });
    const final = await stripe.invoices.retrieve(canceled.latest_invoice as string);
    // the seat change's two prorations (at the period start: −1000 and +3000), no unused-time credit
    expect(final.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-1000, 3000]);
  });

  it("cancel now without invoice_now or prorate: the subscription's pending prorations are removed, a one-off item is kept", async () => {
    const { stripe, run } = env;
    const seat = await monthly("Chair", 1000);
    const c = await stripe.customers.create({ email: "drop@cancel.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: seat.id }], collection_method: "send_invoice", days_until_due: 14 });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }] });
    const oneOff = await stripe.invoiceItems.create({ customer: c.id, amount: 500, currency: "usd", description: "Setup" });
    const before = (await stripe.invoiceItems.list({ customer: c.id, pending: true })).data;
    expect(before).toHaveLength(3);
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.latest_invoice).toBe(sub.latest_invoice);
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data.map((i) => i.id)).toEqual([oneOff.id]);
    const deleted = [...run.emulator.store.c.events.items.values()]
      .filter((e) => e.type === "invoiceitem.deleted")
      .map((e) => run.emulator.renderEvent(e).data.object.id as string);
    for (const i of before.filter((x) => x.id !== oneOff.id)) expect(deleted).toContain(i.id);
  });

  it("always_invoice invoices only that subscription's pending prorations, not another subscription's nor a one-off item", async () => {
    const { stripe } = env;
    const seat = await monthly("Lamp", 1000);
    const c = await stripe.customers.create({ email: "always@cancel.test" });
    const opts = { customer: c.id, items: [{ price: seat.id }], collection_method: "send_invoice" as const, days_until_due: 14 };
    const a = await stripe.subscriptions.create(opts);
    const b = await stripe.subscriptions.create(opts);
    // a's seat change stays pending (create_prorations); a one-off item too
    await stripe.subscriptions.update(a.id, { items: [{ id: a.items.data[0].id, quantity: 2 }] });
    const oneOff = await stripe.invoiceItems.create({ customer: c.id, amount: 700, currency: "usd", description: "Install" });
    const updated = await stripe.subscriptions.update(b.id, { items: [{ id: b.items.data[0].id, quantity: 4 }], proration_behavior: "always_invoice" });
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(inv.billing_reason).toBe("subscription_update");
    const owners = inv.lines.data.map((l) => l.parent?.subscription_item_details?.subscription);
    expect(owners).toEqual([b.id, b.id]);
    expect(inv.lines.data.map((l) => l.amount).sort((x, y) => x - y)).toEqual([-1000, 4000]);
    const pending = (await stripe.invoiceItems.list({ customer: c.id, pending: true })).data;
    expect(pending.map((i) => i.id)).toContain(oneOff.id);
    expect(pending.filter((i) => i.parent?.subscription_details?.subscription === a.id)).toHaveLength(2);
  });
});

describe("subscription item discounts", { timeout: 60_000 }, () => {
  it("items[].discounts apply to that item's lines only, on the first invoice and the renewal (forever)", async () => {
    const { stripe } = env;
    const half = await stripe.coupons.create({ percent_off: 50, duration: "forever" });
    const seat = await monthly("Seat+", 1000);
    const addon = await monthly("Addon", 400);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({ email: "itemdisc@cancel.test", test_clock: clock.id });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: seat.id, quantity: 2, discounts: [{ coupon: half.id }] }, { price: addon.id }],
      collection_method: "send_invoice",
      days_until_due: 14,
    });
    const check = async (invoiceId: string) => {
      const inv = await stripe.invoices.retrieve(invoiceId);
      const seatLine = inv.lines.data.find((l) => l.amount === 2000)!;
      const addonLine = inv.lines.data.find((l) => l.amount === 400)!;
      expect(seatLine.discount_amounts?.map((d) => d.amount)).toEqual([1000]);
      expect(addonLine.discount_amounts?.filter((d) => d.amount > 0)).toEqual([]);
      expect(inv.total).toBe(1000 + 400);
    };
    await check(sub.latest_invoice as string);
    const si = sub.items.data.find((i) => i.price.id === seat.id)!;
    expect(si.discounts).toHaveLength(1);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 + 2 * 3600 });
    await check((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
  });
});
