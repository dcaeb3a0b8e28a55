import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

async function openInvoice(amount = 2000, currency = "usd"): Promise<{ c: Stripe.Customer; inv: Stripe.Invoice }> {
  const { stripe } = env;
  const c = await stripe.customers.create({ email: `${Math.random()}@p.test` });
  const inv = await stripe.invoices.create({ customer: c.id, currency });
  await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount, currency });
  return { c, inv: await stripe.invoices.finalizeInvoice(inv.id) };
}

describe("invoices", () => {
  it("numbers finalized invoices per customer and lists by customer/status", async () => {
    const { stripe } = env;
    const { c, inv } = await openInvoice();
    expect(inv.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    const inv2 = await stripe.invoices.create({ customer: c.id });
    const f2 = await stripe.invoices.finalizeInvoice(inv2.id);
    expect(f2.number!.endsWith("-0002")).toBe(true);
    const open = await stripe.invoices.list({ customer: c.id, status: "open" });
    expect(open.data.map((i) => i.id)).toEqual([inv.id]);
    const all = await stripe.invoices.list({ customer: c.id });
    expect(all.data.map((i) => i.id)).toEqual([inv2.id, inv.id]);
    expect(f2.status).toBe("paid"); // a zero invoice is paid at finalization
  });

  it("pays with a card: payment intent, charge, invoice payment", async () => {
    const { stripe } = env;
    const { c, inv } = await openInvoice(2500);
    const pm = await stripe.paymentMethods.attach("pm_card_mastercard", { customer: c.id });
    expect(pm.card!.brand).toBe("mastercard");
    expect(pm.card!.last4).toBe("4444");
    await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    const paid = await stripe.invoices.pay(inv.id);
    expect(paid.status).toBe("paid");
    expect(paid.amount_paid).toBe(2500);
    expect(paid.amount_remaining).toBe(0);
    expect(paid.status_transitions.paid_at).toBeTypeOf("number");
    const payments = await stripe.invoicePayments.list({ invoice: inv.id });
    expect(payments.data.length).toBe(1);
    const ip = payments.data[0];
    expect(ip.status).toBe("paid");
    const pi = await stripe.paymentIntents.retrieve(ip.payment.payment_intent as string, { expand: ["latest_charge"] });
    expect(pi.status).toBe("succeeded");
    const ch = pi.latest_charge as Stripe.Charge;
    expect(ch.payment_method_details!.card!.brand).toBe("mastercard");
    expect(ch.payment_method_details!.card!.last4).toBe("4444");
    expect(ch.outcome!.type).toBe("authorized");
    const again = await stripeError(stripe.invoices.pay(inv.id));
    expect(again.statusCode).toBe(400);
  });

  it("declines: 402 card_error with decline_code and a failed charge recorded", async () => {
    const { stripe } = env;
    const { inv } = await openInvoice();
    for (const [pm, decline] of [
      ["pm_card_chargeDeclined", "generic_decline"],
      ["pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"],
      ["pm_card_chargeDeclinedExpiredCard", "expired_card"],
    ]) {
      const err = await stripeError(stripe.invoices.pay(inv.id, { payment_method: pm }));
      expect(err.statusCode).toBe(402);
      expect(err.type).toBe("StripeCardError");
      expect(err.decline_code).toBe(decline);
      const ch = await stripe.charges.retrieve(err.raw.charge);
      expect(ch.status).toBe("failed");
      expect(ch.failure_code).toBe(err.code);
      expect(ch.failure_message).toBeTruthy();
      expect(ch.outcome!.type).toBe("issuer_declined");
    }
    const after = await stripe.invoices.retrieve(inv.id);
    expect(after.status).toBe("open");
    expect(after.attempt_count).toBe(3);
    const ok = await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
    expect(ok.status).toBe("paid");
  });

  it("pays out of band, voids, marks uncollectible, deletes drafts", async () => {
    const { stripe } = env;
    const a = await openInvoice(1200);
    const oob = await stripe.invoices.pay(a.inv.id, { paid_out_of_band: true });
    expect(oob.status).toBe("paid");
    expect(oob.amount_remaining).toBe(0);
    const b = await openInvoice();
    expect((await stripe.invoices.voidInvoice(b.inv.id)).status).toBe("void");
    expect((await stripeError(stripe.invoices.voidInvoice(b.inv.id))).statusCode).toBe(400);
    const d = await openInvoice();
    expect((await stripe.invoices.markUncollectible(d.inv.id)).status).toBe("uncollectible");
    expect((await stripe.invoices.pay(d.inv.id, { payment_method: "pm_card_visa" })).status).toBe("paid");
    const draft = await stripe.invoices.create({ customer: a.c.id });
    expect((await stripe.invoices.del(draft.id)).deleted).toBe(true);
    expect((await stripeError(stripe.invoices.del(a.inv.id))).statusCode).toBe(400);
  });
});

describe("refunds and disputes", () => {
  it("refunds partially then fully, rejects over-refunds", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({});
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: c.id, payment_method: "pm_card_visa", confirm: true });
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 300, reason: "requested_by_customer" });
    expect(r1.status).toBe("succeeded");
    const over = await stripeError(stripe.refunds.create({ charge: pi.latest_charge as string, amount: 800 }));
    expect(over.statusCode).toBe(400);
    expect(over.code).toBe("amount_too_large");
    const r2 = await stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(r2.amount).toBe(700);
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch.amount_refunded).toBe(1000);
    expect(ch.refunded).toBe(true);
    expect((await stripeError(stripe.refunds.create({ charge: ch.id }))).code).toBe("charge_already_refunded");
  });

  it("opens and closes disputes through the control API", async () => {
    const { stripe, run } = env;
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: "eur", payment_method: "pm_card_visa", confirm: true });
    const res = await fetch(`${run.url}/_emulator/disputes`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ charge: pi.latest_charge, reason: "fraudulent" }),
    });
    const dp = await res.json();
    expect(dp.id).toMatch(/^dp_/);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
    expect((await stripeError(stripe.refunds.create({ payment_intent: pi.id }))).code).toBe("charge_disputed");
    const closed = await (
      await fetch(`${run.url}/_emulator/disputes/${dp.id}/close`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ outcome: "won" }),
      })
    ).json();
    expect(closed.status).toBe("won");
    const types = (await stripe.events.list({ limit: 20 })).data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["charge.dispute.created", "charge.dispute.closed", "charge.dispute.funds_reinstated"]));
    const list = await stripe.disputes.list({ charge: pi.latest_charge as string });
    expect(list.data[0].status).toBe("won");
  });
});

describe("catalog and customers", () => {
  it("CRUDs customers, products, prices, tax rates, coupons, payment methods", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "crud@x.test", metadata: { a: "1" } });
    const u = await stripe.customers.update(c.id, { name: "New", metadata: { a: "", b: "2" } });
    expect(u.name).toBe("New");
    expect(u.metadata).toEqual({ b: "2" });
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount_decimal: "12.3456" as any,
      product_data: { name: "Usage" },
      recurring: { interval: "month" },
    });
    expect(price.unit_amount).toBeNull();
    expect(String(price.unit_amount_decimal)).toBe("12.3456"); // the SDK wraps decimal strings
    expect(price.type).toBe("recurring");
    expect((await stripe.products.retrieve(price.product as string)).name).toBe("Usage");
    const t = await stripe.taxRates.create({ display_name: "X", percentage: 8.875, inclusive: true });
    expect(t.percentage).toBe(8.875);
    const co = await stripe.coupons.create({ amount_off: 300, currency: "usd", id: "WELCOME" });
    expect((await stripe.coupons.retrieve("WELCOME")).amount_off).toBe(300);
    expect(co.id).toBe("WELCOME");
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    expect((await stripe.customers.listPaymentMethods(c.id)).data.map((p) => p.id)).toEqual([pm.id]);
    await stripe.paymentMethods.detach(pm.id);
    expect((await stripe.customers.listPaymentMethods(c.id)).data.length).toBe(0);
    const del = await stripe.customers.del(c.id);
    expect(del.deleted).toBe(true);
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.DeletedCustomer).deleted).toBe(true);
  });
});
