import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeForm } from "../src/form";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

const raw = (path: string, init: RequestInit = {}) => fetch(env.run.url + path, init);
const auth = { Authorization: "Bearer sk_test_123" };
const form = { ...auth, "Content-Type": "application/x-www-form-urlencoded" };

describe("form decoding", () => {
  it("decodes nested, indexed and appended arrays", () => {
    expect(decodeForm("lines[0][amount]=5&lines[1][amount]=7&expand[]=a&expand[]=b&metadata[k]=v%20w&x=a+b")).toEqual({
      lines: [{ amount: "5" }, { amount: "7" }],
      expand: ["a", "b"],
      metadata: { k: "v w" },
      x: "a b",
    });
  });
});

describe("lists and pagination", () => {
  it("auto-paginates 250 customers newest first", async () => {
    const { stripe } = env;
    for (let i = 0; i < 250; i++) env.run.emulator.api("POST", "/v1/customers", { email: `p${i}@pag.test` });
    const seen: string[] = [];
    for await (const c of stripe.customers.list({ limit: 100 })) if (c.email?.endsWith("@pag.test")) seen.push(c.email);
    expect(seen.length).toBe(250);
    expect(seen[0]).toBe("p249@pag.test");
    expect(seen[249]).toBe("p0@pag.test");
  });

  it("pages with starting_after / ending_before and has_more", async () => {
    const { stripe } = env;
    const first = await stripe.customers.list({ limit: 3 });
    expect(first.object).toBe("list");
    expect(first.url).toBe("/v1/customers");
    expect(first.data.length).toBe(3);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 3, starting_after: first.data[2].id });
    const back = await stripe.customers.list({ limit: 3, ending_before: second.data[0].id });
    expect(back.data.map((c) => c.id)).toEqual(first.data.map((c) => c.id));
    const def = await stripe.customers.list();
    expect(def.data.length).toBe(10);
    const err = await stripeError(stripe.customers.list({ limit: 101 }));
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe("limit");
  });

  it("filters customers by email", async () => {
    const r = await env.stripe.customers.list({ email: "p7@pag.test" });
    expect(r.data.map((c) => c.email)).toEqual(["p7@pag.test"]);
  });
});

describe("idempotency", () => {
  it("replays the first response byte for byte, errors included", async () => {
    const body = "email=idem%40x.test&metadata[a]=1";
    const h = { ...form, "Idempotency-Key": "k-1" };
    const r1 = await raw("/v1/customers", { method: "POST", headers: h, body });
    const r2 = await raw("/v1/customers", { method: "POST", headers: h, body });
    const t1 = await r1.text();
    expect(await r2.text()).toBe(t1);
    expect(r2.headers.get("idempotent-replayed")).toBe("true");
    const list = await env.stripe.customers.list({ email: "idem@x.test" });
    expect(list.data.length).toBe(1);

    const e1 = await raw("/v1/invoices", { method: "POST", headers: { ...form, "Idempotency-Key": "k-err" }, body: "customer=cus_nope" });
    const e2 = await raw("/v1/invoices", { method: "POST", headers: { ...form, "Idempotency-Key": "k-err" }, body: "customer=cus_nope" });
    expect(e1.status).toBe(404);
    expect(e2.status).toBe(404);
    expect(await e2.text()).toBe(await e1.text());
  });

  it("rejects the same key with other params", async () => {
    const { stripe } = env;
    await stripe.customers.create({ email: "k2@x.test" }, { idempotencyKey: "k-2" });
    const err = await stripeError(stripe.customers.create({ email: "other@x.test" }, { idempotencyKey: "k-2" }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeIdempotencyError");
    expect(err.raw.type).toBe("idempotency_error");
  });
});

describe("errors, auth and headers", () => {
  it("answers 401 without or with an invalid key", async () => {
    const r = await raw("/v1/customers");
    expect(r.status).toBe(401);
    expect((await r.json()).error.type).toBe("authentication_error");
    const r2 = await raw("/v1/customers", { headers: { Authorization: "Bearer pk_" + "live_nope" } });
    expect(r2.status).toBe(401);
  });

  it("sets Request-Id and echoes Stripe-Version", async () => {
    const r = await raw("/v1/customers?limit=1", { headers: { ...auth, "Stripe-Version": "2026-10-28.endive" } });
    expect(r.headers.get("request-id")).toMatch(/^req_/);
    expect(r.headers.get("stripe-version")).toBe("2026-10-28.endive");
    const nf = await raw("/v1/nothing", { headers: auth });
    expect(nf.status).toBe(404);
    expect(nf.headers.get("request-id")).toMatch(/^req_/);
  });

  it("answers 400 to a malformed form body", async () => {
    const r = await raw("/v1/customers", { method: "POST", headers: form, body: "email=%E0%A4%A" });
    expect(r.status).toBe(400);
    expect((await r.json()).error.type).toBe("invalid_request_error");
  });

  it("returns Stripe error bodies with param and code", async () => {
    const { stripe } = env;
    const nf = await stripeError(stripe.customers.retrieve("cus_missing"));
    expect(nf.statusCode).toBe(404);
    expect(nf.code).toBe("resource_missing");
    expect(nf.param).toBe("id");
    const missing = await stripeError(stripe.invoices.create({} as any));
    expect(missing.statusCode).toBe(400);
    expect(missing.param).toBe("customer");
    expect(missing.type).toBe("StripeInvalidRequestError");
  });

  it("expands ids, nested paths and list data", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "exp@x.test" });
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: "usd", customer: c.id, payment_method: "pm_card_visa", confirm: true });
    const got = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge.balance_transaction", "customer"] });
    const ch = got.latest_charge as any;
    expect(ch.object).toBe("charge");
    expect(ch.balance_transaction.object).toBe("balance_transaction");
    expect((got.customer as any).email).toBe("exp@x.test");
    const list = await stripe.paymentIntents.list({ limit: 1, expand: ["data.customer"] });
    expect((list.data[0].customer as any).object).toBe("customer");
  });

  it("in-process api accepts numbers and booleans", () => {
    const em = env.run.emulator;
    const c = em.api("POST", "/v1/customers", { email: "n@x.test", balance: -500 });
    expect(c.status).toBe(200);
    expect(c.body.balance).toBe(-500);
    const bad = em.api("POST", "/v1/customers", { balance: "abc" });
    expect(bad.status).toBe(400);
  });
});
