import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { setup, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup({ seed: 5 });
});
afterAll(async () => {
  await env.run.close();
});

const ctl = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${env.run.url}/_emulator/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
};

describe("control API", () => {
  it("snapshots, restores and resets state; advances the clock", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "snap@x.test" });
    const inv = await stripe.invoices.create({ customer: c.id });
    for (let i = 0; i < 11; i++) await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100, currency: "usd" });
    const snap = (await ctl("GET", "snapshot")).body;
    const t0 = (await ctl("GET", "clock")).body.now;
    expect((await ctl("POST", "clock/advance", { seconds: 3600 })).body.now).toBe(t0 + 3600);
    expect((await stripe.customers.create({})).created).toBe(t0 + 3600);
    expect((await ctl("POST", "reset")).status).toBe(200);
    expect((await stripe.customers.list()).data.length).toBe(0);
    expect((await ctl("POST", "restore", snap)).status).toBe(200);
    expect(((await stripe.customers.retrieve(c.id)) as any).email).toBe("snap@x.test");
    // embedded lines are live again after restore
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 5, currency: "usd" });
    const back = await stripe.invoices.retrieve(inv.id);
    expect(back.total).toBe(1105);
    expect(back.lines.has_more).toBe(true);
    // ids continue deterministically after restore
    const again = await stripe.customers.create({});
    expect(again.id).toMatch(/^cus_/);
    expect((await ctl("POST", "nope")).status).toBe(404);
  });

  it("emits invoice.overdue when the clock passes a due date", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id, collection_method: "send_invoice", days_until_due: 10 });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100, currency: "usd" });
    await stripe.invoices.finalizeInvoice(inv.id);
    await stripe.invoices.sendInvoice(inv.id);
    const r = await ctl("POST", "clock/advance", { seconds: 11 * 86400 });
    expect(r.body.overdue).toBeGreaterThanOrEqual(1);
    const evts = await stripe.events.list({ types: ["invoice.overdue", "invoice.sent"] });
    expect(evts.data.map((e) => e.type).sort()).toEqual(["invoice.overdue", "invoice.sent"]);
  });

  it("is deterministic for a given seed", () => {
    const run = () => {
      const em = new Emulator({ seed: 9 });
      const c = em.api("POST", "/v1/customers", { email: "d@x.test" }).body;
      const inv = em.api("POST", "/v1/invoices", { customer: c.id }).body;
      em.api("POST", "/v1/invoiceitems", { customer: c.id, invoice: inv.id, amount: 100, currency: "usd" });
      em.api("POST", `/v1/invoices/${inv.id}/finalize`);
      return JSON.stringify(em.snapshot());
    };
    expect(run()).toBe(run());
  });

  it("opens disputes through the control API and rejects bad outcomes", async () => {
    const { stripe } = env;
    const pi = await stripe.paymentIntents.create({ amount: 400, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const dp = (await ctl("POST", "disputes", { charge: pi.latest_charge, reason: "duplicate" })).body;
    expect((await ctl("POST", `disputes/${dp.id}/close`, { outcome: "maybe" })).status).toBe(400);
    expect((await ctl("POST", `disputes/${dp.id}/close`, { outcome: "lost" })).body.status).toBe("lost");
    expect((await ctl("POST", `disputes/${dp.id}/close`, { outcome: "won" })).status).toBe(400);
  });
});
