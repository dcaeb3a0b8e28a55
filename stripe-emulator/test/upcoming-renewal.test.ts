// invoice.upcoming (src/resources/upcoming-renewal.ts): "Sent X number of days before a
// subscription is scheduled to create an invoice that is automatically charged"; the received
// invoice has no id. X defaults to 3 and is configurable; on a test clock and on the emulator's clock.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

const DAY = 86_400;
const T0 = Date.UTC(2027, 5, 1) / 1000; // 1 Jun 2027
const T1 = Date.UTC(2027, 6, 1) / 1000; // 1 Jul 2027, the first renewal
let env: TestEnv;
beforeAll(async () => {
  env = await setup({ startTime: T0 });
});
afterAll(async () => {
  await env.run.close();
});

async function control(path: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${env.run.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}
/** The invoice.upcoming events of a customer: [created, the invoice object]. */
function upcomingOf(customer: string): [number, Record<string, any>][] {
  const em = env.run.emulator;
  return [...em.store.c.events.items.values()]
    .filter((e) => e.type === "invoice.upcoming")
    .map((e) => em.renderEvent(e))
    .filter((e) => e.data.object.customer === customer)
    .map((e) => [e.created as number, e.data.object]);
}
/** A customer that pays: its subscriptions start active (charge_automatically). */
const card = { payment_method: "pm_card_visa", invoice_settings: { default_payment_method: "pm_card_visa" } };
/** A charge_automatically subscription, active once its first invoice is paid. */
async function active(p: Stripe.SubscriptionCreateParams): Promise<Stripe.Subscription> {
  const sub = await env.stripe.subscriptions.create(p);
  await env.stripe.invoices.pay(sub.latest_invoice as string);
  return sub;
}
async function monthly(name: string, unit_amount: number): Promise<Stripe.Price> {
  return env.stripe.prices.create({ currency: "usd", unit_amount, recurring: { interval: "month" }, product_data: { name } });
}

describe("invoice.upcoming", { timeout: 60_000 }, () => {
  it("on a test clock: 3 days before each renewal, once, with the upcoming invoice and no id; not for send_invoice", async () => {
    const { stripe } = env;
    const price = await monthly("Team", 1500);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
    const c = await stripe.customers.create({ email: "up@renewal.test", test_clock: clock.id, ...card });
    const sub = await active({ customer: c.id, items: [{ price: price.id, quantity: 4 }] });
    const other = await stripe.customers.create({ email: "up-send@renewal.test", test_clock: clock.id });
    await stripe.subscriptions.create({ customer: other.id, items: [{ price: price.id }], collection_method: "send_invoice", days_until_due: 7 });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 - 3 * DAY - 1 });
    expect(upcomingOf(c.id)).toHaveLength(0);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 - DAY });
    const [[created, inv]] = upcomingOf(c.id);
    expect(created).toBe(T1 - 3 * DAY);
    expect(inv.id).toBeUndefined();
    expect(inv).toMatchObject({
      object: "invoice",
      billing_reason: "subscription_cycle",
      total: 6000,
      parent: { subscription_details: { subscription: sub.id } },
    });
    expect(inv.lines.data[0]).toMatchObject({ quantity: 4, period: { start: T1 } });
    // no second one for the same renewal; the next one 3 days before the next renewal
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 + 2 * DAY });
    expect(upcomingOf(c.id)).toHaveLength(1);
    const T2 = Date.UTC(2027, 7, 1) / 1000;
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T2 - 2 * DAY });
    expect(upcomingOf(c.id).map(([t]) => t)).toEqual([T1 - 3 * DAY, T2 - 3 * DAY]);
    // send_invoice subscriptions are not "automatically charged"
    expect(upcomingOf(other.id)).toHaveLength(0);
  });

  it("X is configurable (7 days), and a subscription ending at period end gets none", async () => {
    const { stripe } = env;
    expect(await control("upcoming-renewal", { days: 7 })).toEqual({ days: 7 });
    try {
      const price = await monthly("Pro", 900);
      const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
      const c = await stripe.customers.create({ email: "up7@renewal.test", test_clock: clock.id, ...card });
      await active({ customer: c.id, items: [{ price: price.id }] });
      const ending = await stripe.customers.create({ email: "up-end@renewal.test", test_clock: clock.id, ...card });
      const s = await active({ customer: ending.id, items: [{ price: price.id }] });
      await stripe.subscriptions.update(s.id, { cancel_at_period_end: true });
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T1 - 5 * DAY });
      expect(upcomingOf(c.id).map(([t]) => t)).toEqual([T1 - 7 * DAY]);
      expect(upcomingOf(ending.id)).toHaveLength(0);
    } finally {
      await control("upcoming-renewal", { days: 3 });
    }
  });

  it("without a test clock: sent when the emulator's clock passes the day", async () => {
    const { stripe } = env;
    const price = await monthly("Solo", 500);
    const c = await stripe.customers.create({ email: "up-rt@renewal.test", ...card });
    const sub = await active({ customer: c.id, items: [{ price: price.id, quantity: 2 }] });
    const end = sub.items.data[0].current_period_end;
    await control("clock/set", { unix: end - 3 * DAY - 60 });
    expect(upcomingOf(c.id)).toHaveLength(0);
    const r = await control("clock/advance", { seconds: 120 });
    expect(r.upcoming).toBeGreaterThanOrEqual(1);
    const [[, inv]] = upcomingOf(c.id);
    expect([inv.id, inv.total, inv.created]).toEqual([undefined, 1000, end]);
    await control("clock/advance", { seconds: 60 });
    expect(upcomingOf(c.id)).toHaveLength(1);
  });
});
