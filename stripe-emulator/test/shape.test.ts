// Every object the emulator emits must be what Stripe sends at the pinned API version: each
// field the `stripe` SDK declares for that resource (required ones present, no others, the right
// JSON type, null only where the declaration allows it), checked recursively into nested objects.
// The declarations are read from node_modules/stripe at test time (sdk-shape.ts), so the list
// of fields cannot drift from the SDK. Stripe's own example objects (openapi fixtures3.json) are
// not the reference: they still carry fields the API removed (an invoice's `subscription`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "./helpers";
import { declaredObjects, shapeErrors } from "./sdk-shape";
import { recordedFieldsMissing } from "./recorded-shape";
import recordedCharge from "./recorded/zulip-charge.json";
import recordedCustomer from "./recorded/zulip-customer.json";
import recordedInvoice from "./recorded/zulip-invoice.json";
import { Emulator } from "../src/emulator";
import { generateScenario } from "../scenario";

let env: TestEnv;
// Reading the SDK declarations takes a few seconds once; do it before the timed tests.
beforeAll(async () => {
  env = await setup();
  declaredObjects();
}, 60_000);
afterAll(async () => {
  await env.run.close();
});

function fixtureName(o: Record<string, any>): string {
  if (o.deleted) return `deleted_${o.object}`;
  return o.object;
}

describe("object shapes match the stripe SDK's declarations at the pinned API version", () => {
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
    await stripe.creditNotes.create({
      invoice: inv.id,
      lines: [{ type: "invoice_line_item", invoice_line_item: paid.lines.data[0].id, amount: 100 }],
      refund_amount: 114,
    });
    const ch = em.api("GET", "/v1/charges", { limit: 10, customer: c.id }).body.data.find((x: any) => x.status === "succeeded") ?? null;
    const refund = (await stripe.refunds.list({ charge: ch.id })).data[0]!;
    await stripe.refunds.update(refund.id, { metadata: { note: "shape" } });
    em.internal.failRefund(refund.id);
    const pi = await stripe.paymentIntents.create({ amount: 300, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    em.internal.openDispute(pi.latest_charge as string);
    await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:1/x", enabled_events: ["*"] });
    const deleted = await stripe.customers.del((await stripe.customers.create({})).id);
    expect(ch).not.toBeNull();

    const objects: Record<string, any>[] = [];
    for await (const e of stripe.events.list({ limit: 100 })) {
      objects.push(e as any, e.data.object as any);
    }
    const lists = [
      "/v1/invoices",
      "/v1/invoiceitems",
      "/v1/customers",
      "/v1/products",
      "/v1/prices",
      "/v1/tax_rates",
      "/v1/coupons",
      "/v1/payment_methods",
      "/v1/payment_intents",
      "/v1/charges",
      "/v1/refunds",
      "/v1/credit_notes",
      "/v1/disputes",
      "/v1/webhook_endpoints",
      "/v1/invoice_payments",
      `/v1/customers/${c.id}/balance_transactions`,
      `/v1/invoices/${inv.id}/lines`,
    ];
    for (const path of lists) objects.push(...em.api("GET", path, { limit: 100 }).body.data);
    const cn = em.api("GET", "/v1/credit_notes", { limit: 1 }).body.data[0];
    objects.push(...cn.lines.data);
    objects.push(em.api("GET", `/v1/balance_transactions/${ch.balance_transaction}`).body);
    objects.push(em.store.c.discounts.toJSON()[0], deleted as any);

    const problems: string[] = [];
    const seen = new Set<string>();
    for (const o of objects) {
      seen.add(fixtureName(o));
      problems.push(...shapeErrors(o));
    }
    expect([...new Set(problems)]).toEqual([]);

    // Values the declarations cannot check. A line of an invoice item says so in `parent`, its
    // discounts are its pretax credits, and the invoice sums them per discount.
    const invoice = em.api("GET", `/v1/invoices/${inv.id}`).body;
    const line = invoice.lines.data[0];
    expect(line.parent).toMatchObject({
      type: "invoice_item_details",
      invoice_item_details: { invoice_item: expect.stringMatching(/^ii_/), proration: false },
    });
    expect(line.pretax_credit_amounts).toEqual(line.discount_amounts.map((d: any) => ({ ...d, type: "discount" })));
    const discounted = invoice.total_discount_amounts.reduce((s: number, d: any) => s + d.amount, 0);
    expect(discounted).toBeGreaterThan(0);
    expect(invoice.total_pretax_credit_amounts.reduce((s: number, d: any) => s + d.amount, 0)).toBe(discounted);
    expect(invoice.total_pretax_credit_amounts.every((d: any) => d.type === "discount" && typeof d.discount === "string")).toBe(true);
    expect("subscription" in invoice).toBe(false);
    // A chargeback withdrawal's fee is itemised, as Stripe records it: one "Dispute fee" stripe_fee line.
    const withdrawal = em.api("GET", "/v1/disputes", { limit: 1 }).body.data[0].balance_transactions[0];
    expect(withdrawal.fee_details).toEqual([
      { amount: withdrawal.fee, application: null, currency: withdrawal.currency, description: "Dispute fee", type: "stripe_fee" },
    ]);
    expect(withdrawal.net).toBe(withdrawal.amount - withdrawal.fee);
    // A refund of a charge changes under both event names.
    const refundEvents = objects
      .filter((o) => o.object === "event" && o.data.object.id === refund.id)
      .map((e) => e.type)
      .sort();
    expect(refundEvents).toEqual(["charge.refund.updated", "charge.refund.updated", "refund.created", "refund.failed", "refund.updated", "refund.updated"]);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        "balance_transaction",
        "charge",
        "coupon",
        "credit_note",
        "credit_note_line_item",
        "customer",
        "customer_balance_transaction",
        "deleted_customer",
        "discount",
        "dispute",
        "event",
        "invoice",
        "invoice_payment",
        "invoiceitem",
        "line_item",
        "payment_intent",
        "payment_method",
        "price",
        "product",
        "refund",
        "tax_rate",
        "webhook_endpoint",
      ]),
    );
  });
});

describe("a generated scenario's objects match the SDK's declarations", () => {
  it("every event object and every listed resource of a small scenario with injected errors", () => {
    // Imported invoices, out-of-band payments, double payments, disputes: the paths the
    // scenario generator takes past the public API.
    const em = new Emulator({ seed: 3 });
    generateScenario(em, { seed: 11, customers: 8, months: 2, injectErrors: true });
    const problems = new Set<string>();
    const check = (o: Record<string, unknown>) => {
      for (const p of shapeErrors(o)) problems.add(p.replace(/\([^)]*\)/, ""));
    };
    const seenTypes = new Set<string>();
    for (const e of em.store.c.events.items.values()) {
      const rendered = em.renderEvent(e);
      seenTypes.add(rendered.data.object.object);
      check(rendered);
      check(rendered.data.object);
    }
    for (const path of ["/v1/invoices", "/v1/charges", "/v1/refunds", "/v1/credit_notes", "/v1/disputes", "/v1/payment_intents", "/v1/invoice_payments"]) {
      for (const o of em.api("GET", path, { limit: 100 }).body.data) check(o);
    }
    expect([...problems]).toEqual([]);
    expect([...seenTypes]).toEqual(expect.arrayContaining(["invoice", "charge", "payment_intent", "invoice_payment", "customer"]));
  }, 60_000);
});

describe("fields real Stripe objects carry (test/recorded: objects Stripe sent, see its README)", () => {
  it("a card charge, a paid one-off invoice and its customer carry every field their recorded counterparts have", async () => {
    const { stripe, run } = env;
    const em = run.emulator;
    const c = await stripe.customers.create({ email: "recorded@x.test" });
    // as recorded: one line of an invoice item priced by a Price
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 5000, product_data: { name: "Seats" } });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, pricing: { price: price.id } });
    await stripe.invoices.finalizeInvoice(inv.id);
    await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    const invoice = em.api("GET", `/v1/invoices/${inv.id}`).body;
    const charge = em.api("GET", "/v1/charges", { customer: c.id }).body.data[0];
    const customer = em.api("GET", `/v1/customers/${c.id}`).body;
    expect(charge.status).toBe("succeeded");
    expect({
      charge: recordedFieldsMissing(recordedCharge, charge),
      invoice: recordedFieldsMissing(recordedInvoice, invoice),
      customer: recordedFieldsMissing(recordedCustomer, customer),
    }).toEqual({ charge: [], invoice: [], customer: [] });
  });

  it("the comparison reports a field Stripe sent that is missing, and null where Stripe sent an object", () => {
    const { card: _card, ...noCard } = recordedCharge.payment_method_details;
    const charge = { ...recordedCharge, payment_method_details: noCard, radar_options: null };
    expect(recordedFieldsMissing(recordedCharge, charge)).toEqual([
      expect.stringMatching(/^charge\.payment_method_details\.card: missing/),
      expect.stringMatching(/^charge\.radar_options: null, but Stripe sent an object/),
    ]);
    // removed fields the recording still has (a charge's `order`) are not asked for
    const { order: _o, destination: _d, dispute: _p, ...current } = recordedCharge;
    expect(recordedFieldsMissing(recordedCharge, current)).toEqual([]);
  });

  it("a charge's refunds are includable (since 2022-11-15): absent unless expanded", async () => {
    const { stripe, run } = env;
    const em = run.emulator;
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const chargeId = pi.latest_charge as string;
    await stripe.refunds.create({ charge: chargeId, amount: 200 });
    await stripe.refunds.create({ charge: chargeId, amount: 300 });
    const plain = em.api("GET", `/v1/charges/${chargeId}`).body;
    expect("refunds" in plain).toBe(false);
    const refunded = em.store.c.events
      .toJSON()
      .map((e: any) => em.renderEvent(e))
      .filter((e: any) => e.type === "charge.refunded" && e.data.object.id === chargeId);
    expect(refunded.length).toBe(2);
    expect(refunded.every((e: any) => !("refunds" in e.data.object))).toBe(true);
    const expanded = await stripe.charges.retrieve(chargeId, { expand: ["refunds"] });
    expect(expanded.refunds?.data.map((r) => r.amount)).toEqual([300, 200]);
    expect(shapeErrors(JSON.parse(JSON.stringify(expanded)))).toEqual([]);
  });
});
