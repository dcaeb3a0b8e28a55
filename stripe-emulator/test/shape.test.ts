// Every object the emulator emits must have the same top-level keys as Stripe's own example
// of that resource (../shared/stripe/fixtures3.json).
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";

const FIXTURES = "/work/shared/stripe/fixtures3.json";
const fixtures: Record<string, Record<string, unknown>> = existsSync(FIXTURES) ? JSON.parse(readFileSync(FIXTURES, "utf8")).resources : {};

let env: TestEnv;
beforeAll(async () => { env = await setup(); });
afterAll(async () => { await env.run.close(); });

/** Optional keys Stripe only includes on some requests (create-only secret, expandable includes). */
const EXTRA_OK: Record<string, string[]> = { webhook_endpoint: ["secret"], invoice: ["payments"] };

function keysOf(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined).sort();
}

function fixtureName(o: Record<string, any>): string {
  if (o.deleted) return `deleted_${o.object}`;
  return o.object;
}

describe.skipIf(!existsSync(FIXTURES))("object shapes match fixtures3.json", () => {
  it("for every object in every event and the main resources", async () => {
    const { stripe, run } = env;
    const em = run.emulator;
    const c = await stripe.customers.create({ email: "shape@x.test" });
    await stripe.customers.createBalanceTransaction(c.id, { amount: -100, currency: "usd" });
    const tax = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const co = await stripe.coupons.create({ percent_off: 5 });
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "P" } });
    const inv = await stripe.invoices.create({ customer: c.id, default_tax_rates: [tax.id], discounts: [{ coupon: co.id }] });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, pricing: { price: price.id }, quantity: 2 });
    await stripe.invoices.finalizeInvoice(inv.id);
    await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    const inv2 = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv2.id, amount: 700, currency: "usd" });
    await stripe.invoices.finalizeInvoice(inv2.id);
    await stripe.invoices.pay(inv2.id, { payment_method: "pm_card_chargeDeclined" }).catch(() => undefined);
    await stripe.invoices.voidInvoice(inv2.id);
    const paid = await stripe.invoices.retrieve(inv.id);
    await stripe.creditNotes.create({ invoice: inv.id, lines: [{ type: "invoice_line_item", invoice_line_item: paid.lines.data[0].id, amount: 100 }], refund_amount: 114 });
    const ch = em.api("GET", "/v1/charges", { limit: 10, customer: c.id }).body.data.find((x: any) => x.status === "succeeded") ?? null;
    const pi = await stripe.paymentIntents.create({ amount: 300, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    em.internal.openDispute(pi.latest_charge as string);
    await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:1/x", enabled_events: ["*"] });
    const deleted = await stripe.customers.del((await stripe.customers.create({})).id);
    expect(ch).not.toBeNull();

    const objects: Record<string, any>[] = [];
    for await (const e of stripe.events.list({ limit: 100 })) {
      objects.push(e as any, e.data.object as any);
    }
    const lists = ["/v1/invoices", "/v1/invoiceitems", "/v1/customers", "/v1/products", "/v1/prices", "/v1/tax_rates", "/v1/coupons",
      "/v1/payment_methods", "/v1/payment_intents", "/v1/charges", "/v1/refunds", "/v1/credit_notes", "/v1/disputes",
      "/v1/webhook_endpoints", "/v1/invoice_payments", `/v1/customers/${c.id}/balance_transactions`, `/v1/invoices/${inv.id}/lines`];
    for (const path of lists) objects.push(...em.api("GET", path, { limit: 100 }).body.data);
    const cn = em.api("GET", "/v1/credit_notes", { limit: 1 }).body.data[0];
    objects.push(...cn.lines.data);
    objects.push(em.api("GET", `/v1/balance_transactions/${ch.balance_transaction}`).body);
    objects.push(em.store.c.discounts.toJSON()[0], deleted as any);

    const problems: string[] = [];
    const seen = new Set<string>();
    for (const o of objects) {
      const name = fixtureName(o);
      const fx = fixtures[name];
      if (!fx) {
        problems.push(`no fixture for ${name}`);
        continue;
      }
      seen.add(name);
      const want = keysOf(fx);
      const got = keysOf(o).filter((k) => !(EXTRA_OK[name] ?? []).includes(k));
      const missing = want.filter((k) => !got.includes(k));
      const extra = got.filter((k) => !want.includes(k));
      if (missing.length || extra.length) problems.push(`${name} ${o.id}: missing [${missing}] extra [${extra}]`);
    }
    expect([...new Set(problems)]).toEqual([]);
    expect([...seen].sort()).toEqual(expect.arrayContaining([
      "balance_transaction", "charge", "coupon", "credit_note", "credit_note_line_item", "customer", "customer_balance_transaction",
      "deleted_customer", "discount", "dispute", "event", "invoice", "invoice_payment", "invoiceitem", "line_item",
      "payment_intent", "payment_method", "price", "product", "refund", "tax_rate", "webhook_endpoint",
    ]));
  });
});
