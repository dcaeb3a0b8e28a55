// Billing meters, meter events, metered prices (src/resources/billing-meters.ts): meters and their
// summaries, usage billed in arrears on the renewal while licensed items bill the new period in
// advance, the upcoming invoice showing the current period's usage so far.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";
import { shapeErrors } from "./sdk-shape";

const DAY = 86_400;
const T0 = Date.UTC(2027, 2, 1) / 1000; // 1 Mar 2027, the clock's time
const T1 = Date.UTC(2027, 3, 1) / 1000; // 1 Apr 2027, the first renewal
const T2 = Date.UTC(2027, 4, 1) / 1000; // 1 May 2027
let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

const json = (o: unknown) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
let seq = 0;
async function meter(formula: "sum" | "count" | "last", extra: Partial<Stripe.Billing.MeterCreateParams> = {}): Promise<Stripe.Billing.Meter> {
  seq++;
  return env.stripe.billing.meters.create({ display_name: `Meter ${seq}`, event_name: `ev_${formula}_${seq}`, default_aggregation: { formula }, ...extra });
}
const send = (m: Stripe.Billing.Meter, customer: string, value: number | null, timestamp: number, identifier?: string) =>
  env.stripe.billing.meterEvents.create({
    event_name: m.event_name,
    payload: { stripe_customer_id: customer, ...(value === null ? {} : { value: String(value) }) },
    timestamp,
    ...(identifier ? { identifier } : {}),
  });
async function summary(m: Stripe.Billing.Meter, customer: string, start: number, end: number): Promise<number> {
  const list = await env.stripe.billing.meters.listEventSummaries(m.id, { customer, start_time: start, end_time: end });
  expect(list.data).toHaveLength(1);
  return list.data[0].aggregated_value;
}

describe("billing meters", { timeout: 60_000 }, () => {
  it("create / retrieve / list / deactivate / reactivate with Stripe's object and defaults", async () => {
    const { stripe } = env;
    const m = await meter("sum");
    expect(m).toMatchObject({
      object: "billing.meter",
      status: "active",
      default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
      status_transitions: { deactivated_at: null },
      event_time_window: null,
      livemode: false,
    });
    expect(m.id).toMatch(/^mtr_/);
    expect(shapeErrors(json(m))).toEqual([]);
    expect((await stripe.billing.meters.retrieve(m.id)).event_name).toBe(m.event_name);
    const dup = await stripeError(stripe.billing.meters.create({ display_name: "x", event_name: m.event_name, default_aggregation: { formula: "sum" } }));
    expect(dup.param).toBe("event_name");
    const off = await stripe.billing.meters.deactivate(m.id);
    expect(off.status).toBe("inactive");
    expect(off.status_transitions.deactivated_at).toBe(off.updated);
    expect((await stripe.billing.meters.list({ status: "inactive" })).data.map((x) => x.id)).toContain(m.id);
    expect((await stripe.billing.meters.list({ status: "active" })).data.map((x) => x.id)).not.toContain(m.id);
    const c = await stripe.customers.create({ email: "off@meter.test" });
    const now = env.run.emulator.clock.now();
    expect((await stripeError(send(m, c.id, 1, now))).param).toBe("event_name");
    // "You can't attach a deactivated meter to a price."
    const attach = await stripeError(
      stripe.prices.create({
        currency: "usd",
        unit_amount: 1,
        recurring: { interval: "month", usage_type: "metered", meter: m.id },
        product_data: { name: "x" },
      }),
    );
    expect(attach.param).toBe("recurring[meter]");
    expect((await stripe.billing.meters.reactivate(m.id)).status).toBe("active");
    const ev = await send(m, c.id, 5, now);
    expect(shapeErrors(json(ev))).toEqual([]);
    const start = now - (now % 60);
    const sums = await stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: start, end_time: start + 60 });
    expect(shapeErrors(json(sums.data[0]))).toEqual([]);
    expect(await summary(m, c.id, start, start + 60)).toBe(5);
  });

  it("meter events: sum, count and last over [start, end), payload keys, identifier uniqueness, the 35-day window", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "agg@meter.test" });
    const now = env.run.emulator.clock.now();
    const h0 = now - (now % 3600) - 10 * 3600; // ten hours ago, on the hour
    const sum = await meter("sum");
    const count = await meter("count");
    const last = await meter("last", { customer_mapping: { type: "by_id", event_payload_key: "cust" }, value_settings: { event_payload_key: "tokens" } });
    for (const [dt, v] of [
      [0, 10],
      [1800, 5],
      [3599, 7],
      [3600, 100], // the next hour: outside [h0, h0 + 3600)
    ] as const) {
      await send(sum, c.id, v, h0 + dt);
      await send(count, c.id, v, h0 + dt);
      await stripe.billing.meterEvents.create({ event_name: last.event_name, payload: { cust: c.id, tokens: String(v) }, timestamp: h0 + dt });
    }
    expect(await summary(sum, c.id, h0, h0 + 3600)).toBe(22);
    expect(await summary(count, c.id, h0, h0 + 3600)).toBe(3);
    expect(await summary(last, c.id, h0, h0 + 3600)).toBe(7);
    expect(await summary(last, c.id, h0, h0 + 7200)).toBe(100);
    expect(await summary(sum, c.id, h0 + 3600, h0 + 7200)).toBe(100);
    // value_grouping_window=hour: one summary per hour, newest first
    const hourly = await stripe.billing.meters.listEventSummaries(sum.id, {
      customer: c.id,
      start_time: h0,
      end_time: h0 + 7200,
      value_grouping_window: "hour",
    });
    expect(hourly.data.map((s) => [s.start_time, s.end_time, s.aggregated_value])).toEqual([
      [h0 + 3600, h0 + 7200, 100],
      [h0, h0 + 3600, 22],
    ]);

    // count needs no value; sum needs one under the meter's value key, last under its own
    await send(count, c.id, null, h0 + 60);
    expect(await summary(count, c.id, h0, h0 + 3600)).toBe(4);
    expect((await stripeError(send(sum, c.id, null, h0))).param).toBe("payload[value]");
    expect((await stripeError(send(last, c.id, 1, h0))).param).toBe("payload[cust]");
    expect((await stripeError(send(sum, c.id, 1.5, h0))).param).toBe("payload[value]");
    // identifier: the same one twice is refused, so a retried event counts once
    await send(sum, c.id, 1, h0 + 120, "req-1");
    const again = await stripeError(send(sum, c.id, 1, h0 + 120, "req-1"));
    expect(again.param).toBe("identifier");
    expect(await summary(sum, c.id, h0, h0 + 3600)).toBe(23);
    // "Must be within the past 35 calendar days or up to 5 minutes in the future"
    expect((await stripeError(send(sum, c.id, 1, now - 36 * DAY))).param).toBe("timestamp");
    expect((await stripeError(send(sum, c.id, 1, now + 600))).param).toBe("timestamp");
    expect((await stripeError(stripe.billing.meters.listEventSummaries(sum.id, { customer: c.id, start_time: h0 + 1, end_time: h0 + 60 }))).param).toBe(
      "start_time",
    );
  });

  it("metered prices need a meter; a metered subscription item takes no quantity and is not prorated", async () => {
    const { stripe } = env;
    const m = await meter("sum");
    const noMeter = await stripeError(
      stripe.prices.create({ currency: "usd", unit_amount: 1, recurring: { interval: "month", usage_type: "metered" }, product_data: { name: "x" } }),
    );
    expect(noMeter.param).toBe("recurring[meter]");
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 2,
      recurring: { interval: "month", usage_type: "metered", meter: m.id },
      product_data: { name: "Calls" },
    });
    expect(price.recurring).toMatchObject({ usage_type: "metered", meter: m.id });
    const c = await stripe.customers.create({ email: "q@meter.test" });
    const q = await stripeError(stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, quantity: 3 }] }));
    expect(q.param).toBe("items[0][quantity]");
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], collection_method: "send_invoice", days_until_due: 30 });
    expect(sub.items.data[0].quantity).toBeUndefined();
    expect(shapeErrors(json(sub))).toEqual([]);
    expect(sub.items.data[0].plan.usage_type).toBe("metered");
    // the first invoice bills nothing for the metered item: its usage is billed at the period's end
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.lines.data).toHaveLength(0);
    expect(first.amount_due).toBe(0);
    const other = await stripe.prices.create({
      currency: "usd",
      unit_amount: 3,
      recurring: { interval: "month", usage_type: "metered", meter: m.id },
      product_data: { name: "Calls v2" },
    });
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: other.id }] });
    const pending = await stripe.invoiceItems.list({ customer: c.id, pending: true });
    expect(pending.data).toHaveLength(0);
  });

  it("on a test clock: the renewal bills the past period's usage in arrears (tiered) and the licensed item's new period in advance; the preview shows usage so far", async () => {
    const { stripe } = env;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({ email: "renew@meter.test", test_clock: clock.id });
    const m = await meter("sum");
    // graduated: the first 10,000 calls free, then $0.005 a call up to 50,000, then $0.002
    const calls = await stripe.prices.create({
      currency: "usd",
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 10_000, unit_amount: 0 },
        { up_to: 50_000, unit_amount_decimal: Stripe.Decimal.from("0.5") },
        { up_to: "inf", unit_amount_decimal: Stripe.Decimal.from("0.2") },
      ],
      recurring: { interval: "month", usage_type: "metered", meter: m.id },
      product_data: { name: "API calls" },
    });
    const team = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: team.id, quantity: 2 }, { price: calls.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.lines.data.map((l) => [l.amount, l.period.start, l.period.end])).toEqual([[3000, T0, T1]]);
    const meteredItem = sub.items.data.find((i) => i.price.id === calls.id)!;

    // March usage: 12,340 calls, sent at the clock's time
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    await send(m, c.id, 10_000, T0 + 2 * DAY);
    await send(m, c.id, 2_000, T0 + 9 * DAY);
    const mid = await stripe.invoices.createPreview({ subscription: sub.id });
    const midUsage = mid.lines.data.find((l) => l.parent?.subscription_item_details?.subscription_item === meteredItem.id)!;
    expect(midUsage).toMatchObject({ quantity: 12_000, amount: 1000, period: { start: T0, end: T1 } });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 - DAY });
    await send(m, c.id, 340, T1 - DAY);

    // the renewal is drafted at T1 with March's 12,340 calls; usage reported in the hour's grace
    // period is still March's ("During finalization, Stripe updates the invoice to reflect the
    // latest quantity for its billing period")
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 + 1800 });
    const draft = (await stripe.invoices.list({ customer: c.id })).data.find((i) => i.billing_reason === "subscription_cycle")!;
    expect(draft.status).toBe("draft");
    expect(draft.lines.data.find((l) => l.parent?.subscription_item_details?.subscription_item === meteredItem.id)!.quantity).toBe(12_340);
    await send(m, c.id, 100, T1 - 60);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 + 2 * 3600 });
    const renewal = await stripe.invoices.retrieve(draft.id!);
    expect(renewal.status).toBe("open");
    expect(renewal.created).toBe(T1);
    const lines = renewal.lines.data.map((l) => ({ item: l.parent?.subscription_item_details?.subscription_item, q: l.quantity, a: l.amount, p: l.period }));
    expect(lines).toEqual([
      { item: sub.items.data[0].id, q: 2, a: 3000, p: { start: T1, end: T2 } }, // licensed: April, in advance
      { item: meteredItem.id, q: 12_440, a: 1220, p: { start: T0, end: T1 } }, // metered: March, in arrears: 2,440 × $0.005
    ]);
    expect(renewal.total).toBe(4220);
    expect(renewal.amount_due).toBe(4220);
    // April's usage belongs to the next renewal, and the preview starts from zero
    await send(m, c.id, 60_000, T1 + 3600);
    const next = await stripe.invoices.createPreview({ subscription: sub.id });
    const nextUsage = next.lines.data.find((l) => l.parent?.subscription_item_details?.subscription_item === meteredItem.id)!;
    // 10,000 free + 40,000 × $0.005 + 10,000 × $0.002 (the third tier)
    expect(nextUsage).toMatchObject({ quantity: 60_000, amount: 22_000, period: { start: T1, end: T2 } });
  });
});
