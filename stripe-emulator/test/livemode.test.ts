// A live-mode emulator is a separate account: live keys only, every object and event livemode.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";
import { declaredObjects, shapeErrors } from "./sdk-shape";

let live: TestEnv;
let test: TestEnv;
beforeAll(async () => {
  [live, test] = await Promise.all([setup({ livemode: true }), setup()]);
  declaredObjects();
}, 60_000);
afterAll(async () => {
  await Promise.all([live.run.close(), test.run.close()]);
});

describe("livemode", () => {
  it("a live account marks its objects and events livemode: true and refuses test keys", async () => {
    const c = await live.stripe.customers.create({ email: "live@x.test" });
    const pi = await live.stripe.paymentIntents.create({ amount: 500, currency: "usd", customer: c.id, payment_method: "pm_card_visa", confirm: true });
    const refund = await live.stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    expect([c.livemode, pi.livemode]).toEqual([true, true]);
    expect("livemode" in refund).toBe(false); // Stripe's refund object has no livemode field
    const charge = await live.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.livemode).toBe(true);
    const events = (await live.stripe.events.list({ limit: 100 })).data;
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.livemode && (e.data.object as { livemode?: boolean }).livemode !== false)).toBe(true);
    expect(shapeErrors(charge as unknown as Record<string, unknown>)).toEqual([]);
    const wrongKey = new Stripe("sk_test_123", { host: "127.0.0.1", port: live.run.port, protocol: "http", maxNetworkRetries: 0 });
    expect((await stripeError(wrongKey.customers.list())).statusCode).toBe(401);
  });

  it("a test account marks everything livemode: false and refuses live keys", async () => {
    const c = await test.stripe.customers.create({});
    expect(c.livemode).toBe(false);
    const wrongKey = new Stripe("sk_" + "live_123", { host: "127.0.0.1", port: test.run.port, protocol: "http", maxNetworkRetries: 0 });
    expect((await stripeError(wrongKey.customers.list())).statusCode).toBe(401);
  });
});
