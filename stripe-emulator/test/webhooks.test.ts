import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

interface Received {
  body: string;
  sig: string;
}

let env: TestEnv;
let receiver: http.Server;
let received: Received[] = [];
let failNext = 0;
const SECRET = "whsec_" + "test_secret";

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ body, sig: String(req.headers["stripe-signature"]) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  env = await setup({ webhookUrl: url, webhookSecret: SECRET, seed: 7 });
});
afterAll(async () => {
  await env.run.close();
  await new Promise((r) => receiver.close(r));
});
beforeEach(async () => {
  await env.run.emulator.webhooks.flush();
  received = [];
  failNext = 0;
  env.run.emulator.webhooks.setFaults({ duplicateRate: 0, shuffle: false, deliveryDelayMs: 0, dropRate: 0, rate429: 0, rate500: 0, slowMs: 0 });
});

const flush = () => fetch(`${env.run.url}/_emulator/webhooks/flush`, { method: "POST" });
const faults = (f: object) =>
  fetch(`${env.run.url}/_emulator/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(f) });

describe("webhooks", () => {
  it("delivers signed events that constructEvent accepts", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "wh@x.test" });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100, currency: "usd" });
    await stripe.invoices.finalizeInvoice(inv.id);
    await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    await flush();
    const events = received.map((r) => stripe.webhooks.constructEvent(r.body, r.sig, SECRET));
    const types = events.map((e) => e.type);
    for (const t of [
      "customer.created",
      "invoice.created",
      "invoiceitem.created",
      "invoice.finalized",
      "payment_intent.succeeded",
      "charge.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
    ])
      expect(types).toContain(t);
    const paidEvt = events.find((e) => e.type === "invoice.paid")!;
    expect(paidEvt.livemode).toBe(false);
    expect(paidEvt.api_version).toBe("2026-10-28.endive");
    expect((paidEvt.data.object as Stripe.Invoice).status).toBe("paid");
    expect(() => stripe.webhooks.constructEvent(received[0].body, received[0].sig, "whsec_" + "wrong")).toThrow();
  });

  it("delivers to webhook endpoints with their own secret", async () => {
    const { stripe } = env;
    const addr = receiver.address() as AddressInfo;
    const we = await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${addr.port}/we`, enabled_events: ["customer.created"] });
    expect(we.secret).toMatch(/^whsec_/);
    await stripe.customers.create({ email: "we@x.test" });
    await flush();
    const ok = received.filter((r) => {
      try {
        stripe.webhooks.constructEvent(r.body, r.sig, we.secret!);
        return true;
      } catch {
        return false;
      }
    });
    expect(ok.length).toBe(1);
    await stripe.webhookEndpoints.del(we.id);
    expect((await stripe.webhookEndpoints.list()).data.length).toBe(0);
  });

  it("retries failed deliveries with backoff and logs them", async () => {
    failNext = 2;
    await env.stripe.customers.create({ email: "retry@x.test" });
    await flush();
    expect(received.length).toBe(1);
    const log = await (await fetch(`${env.run.url}/_emulator/deliveries`)).json();
    const mine = log.data.filter((d: any) => d.type === "customer.created").slice(-3);
    expect(mine.map((d: any) => [d.attempt, d.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it("duplicates, drops and shuffles deliveries on request", async () => {
    const { stripe } = env;
    await faults({ duplicateRate: 1 });
    await stripe.customers.create({ email: "dup@x.test" });
    await flush();
    expect(received.length).toBe(2);
    expect(JSON.parse(received[0].body).id).toBe(JSON.parse(received[1].body).id);

    received = [];
    await faults({ duplicateRate: 0, dropRate: 1 });
    const c = await stripe.customers.create({ email: "drop@x.test" });
    await flush();
    expect(received.length).toBe(0);
    const failed = await stripe.events.list({ delivery_success: false, type: "customer.created" });
    expect(failed.data.map((e) => (e.data.object as Stripe.Customer).id)).toContain(c.id);

    received = [];
    await faults({ dropRate: 0, shuffle: true });
    const emails = Array.from({ length: 20 }, (_, i) => `s${i}@x.test`);
    for (const email of emails) env.run.emulator.api("POST", "/v1/customers", { email });
    await flush();
    const got = received.map((r) => JSON.parse(r.body).data.object.email);
    expect([...got].sort()).toEqual([...emails].sort());
    expect(got).not.toEqual(emails);
  });

  it("markEventsUndelivered cancels deliveries and flags the events", async () => {
    const em = env.run.emulator;
    const c = em.api("POST", "/v1/customers", { email: "mark@x.test" }).body;
    const ids = em.internal.markEventsUndelivered((e) => e.object_id === c.id);
    expect(ids.length).toBe(1);
    await flush();
    expect(received.length).toBe(0);
    const failed = em.api("GET", "/v1/events", { delivery_success: false, limit: 100 }).body;
    expect(failed.data.map((e: any) => e.id)).toContain(ids[0]);
  });

  it("answers a share of API calls with 429/500 that the SDK retries", async () => {
    await faults({ rate429: 0.25, rate500: 0.1 });
    const retrying = new Stripe("sk_test_123", { host: "127.0.0.1", port: env.run.port, protocol: "http", maxNetworkRetries: 8 });
    let raw429 = 0;
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${env.run.url}/v1/customers?limit=1`, { headers: { Authorization: "Bearer sk_test_1" } });
      if (r.status === 429) raw429++;
    }
    expect(raw429).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await retrying.customers.create({ email: `f${i}@x.test` }, { idempotencyKey: `fault-${i}` });
    await faults({ rate429: 0, rate500: 0 });
    const made = await env.stripe.customers.list({ limit: 100 });
    for (let i = 0; i < 5; i++) expect(made.data.filter((c) => c.email === `f${i}@x.test`).length).toBe(1);
    const ctl = await fetch(`${env.run.url}/_emulator/faults`);
    expect(ctl.status).toBe(200);
  }, 30_000);

  it("keeps events for 30 days only and filters by type and created", async () => {
    const { stripe, run } = env;
    const before = run.emulator.clock.now();
    await stripe.customers.create({ email: "old@x.test" });
    await fetch(`${run.url}/_emulator/clock/advance`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ seconds: 31 * 86400 }),
    });
    await stripe.customers.create({ email: "new@x.test" });
    const all = await stripe.events.list({ limit: 100 });
    expect(all.data.every((e) => e.created > before)).toBe(true);
    const typed = await stripe.events.list({ types: ["customer.created"], created: { gte: before + 31 * 86400 } });
    expect(typed.data.length).toBe(1);
    expect((typed.data[0].data.object as Stripe.Customer).email).toBe("new@x.test");
    expect((await stripe.events.retrieve(typed.data[0].id)).id).toBe(typed.data[0].id);
  });
});
