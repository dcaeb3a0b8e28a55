import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

const faults = (f: object) =>
  fetch(`${env.run.url}/_emulator/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(f) });

describe("more operations", () => {
  it("adds lines, lists pending items, deletes a draft's item", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({});
    const pending = await stripe.invoiceItems.create({ customer: c.id, amount: 250, currency: "usd" });
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data.map((i) => i.id)).toEqual([pending.id]);
    const inv = await stripe.invoices.create({ customer: c.id });
    const withLines = await stripe.invoices.addLines(inv.id, { lines: [{ invoice_item: pending.id }, { amount: 100, description: "extra" } as any] });
    expect(withLines.total).toBe(350);
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data.length).toBe(0);
    await stripe.invoiceItems.del(pending.id);
    expect((await stripe.invoices.retrieve(inv.id)).total).toBe(100);
    const fin = await stripe.invoices.finalizeInvoice(inv.id);
    expect((await stripeError(stripe.invoiceItems.create({ customer: c.id, invoice: fin.id, amount: 1, currency: "usd" }))).statusCode).toBe(400);
    const co = await stripe.coupons.create({ percent_off: 5 });
    expect((await stripeError(stripe.invoices.update(fin.id, { discounts: [{ coupon: co.id }] }))).statusCode).toBe(400);
    const upd = await stripe.invoices.update(fin.id, { description: "memo", metadata: { k: "v" } });
    expect(upd.description).toBe("memo");
  });

  it("creates, confirms, cancels payment intents and lists charges by payment intent", async () => {
    const { stripe } = env;
    const pi = await stripe.paymentIntents.create({ amount: 1234, currency: "jpy" });
    expect(pi.status).toBe("requires_payment_method");
    const declined = await stripeError(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" }));
    expect(declined.statusCode).toBe(402);
    expect(declined.decline_code).toBe("insufficient_funds");
    const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(ok.status).toBe("succeeded");
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.status)).toEqual(["succeeded", "failed"]);
    const other = await stripe.paymentIntents.create({ amount: 10, currency: "usd" });
    expect((await stripe.paymentIntents.cancel(other.id)).status).toBe("canceled");
  });

  it("slows responses and delays deliveries when asked", async () => {
    await faults({ slowMs: 80 });
    const t = Date.now();
    await env.stripe.customers.list({ limit: 1 });
    expect(Date.now() - t).toBeGreaterThanOrEqual(75);
    await faults({ slowMs: 0 });
    const r = await fetch(`${env.run.url}/_emulator/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ bogus: 1 }),
    });
    expect(r.status).toBe(400);
  });

  it("hides events older than 30 days from retrieve", async () => {
    const { stripe, run } = env;
    await stripe.customers.create({ email: "old-evt@x.test" });
    const evt = (await stripe.events.list({ limit: 1 })).data[0];
    run.emulator.clock.advance(31 * 86400);
    expect((await stripeError(stripe.events.retrieve(evt.id))).statusCode).toBe(404);
  });

  it("prunes events past the 30-day retention on request", async () => {
    const { stripe, run } = env;
    await stripe.customers.create({ email: "prune@x.test" });
    run.emulator.clock.advance(31 * 86400);
    const fresh = await stripe.customers.create({ email: "fresh@x.test" });
    const removed = run.emulator.internal.pruneExpiredEvents();
    expect(removed).toBeGreaterThan(0);
    const left = run.emulator.store.c.events.toJSON();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((e) => e.created >= run.emulator.clock.now() - 30 * 86400)).toBe(true);
    expect(left.some((e) => e.object_id === fresh.id)).toBe(true);
  });
});
