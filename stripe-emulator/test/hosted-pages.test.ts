// The hosted invoice page and the customer portal stand-ins, driven the way a browser without
// JavaScript drives them: GET the page, POST its form, follow the 303.
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

async function openInvoice(amount = 4200, currency = "usd"): Promise<{ c: Stripe.Customer; inv: Stripe.Invoice }> {
  const { stripe } = env;
  const c = await stripe.customers.create({ email: `${Math.random()}@hosted.test`, name: "Hosted <Test>" });
  const inv = await stripe.invoices.create({ customer: c.id, currency });
  await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount, currency, description: "Seats & more" });
  return { c, inv: await stripe.invoices.finalizeInvoice(inv.id) };
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" } });

async function eventTypesSince(since: string | undefined): Promise<string[]> {
  const events = await env.stripe.events.list({ limit: 100, ...(since ? { ending_before: since } : {}) });
  return events.data.map((e) => e.type).reverse();
}

async function latestEventId(): Promise<string | undefined> {
  return (await env.stripe.events.list({ limit: 1 })).data[0]?.id;
}

describe("hosted invoice page", () => {
  it("is set when an invoice is finalized, on the emulator's own address, and unguessable", async () => {
    const { stripe, run } = env;
    const c = await stripe.customers.create({ email: "draft@hosted.test" });
    const draft = await stripe.invoices.create({ customer: c.id });
    expect(draft.hosted_invoice_url).toBeNull();
    const { inv } = await openInvoice();
    expect(inv.hosted_invoice_url).toMatch(new RegExp(`^${run.url}/i/test_[\\w-]{32}$`));
    expect(inv.hosted_invoice_url).not.toContain(inv.id);
    expect((await fetch(`${run.url}/i/test_nope`)).status).toBe(404);
  });

  it("shows what is due, escapes text, and pays with 4242 with the events Stripe sends", async () => {
    const { stripe } = env;
    const { inv } = await openInvoice(4200);
    const res = await fetch(inv.hosted_invoice_url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("USD 42.00");
    expect(html).toContain("Seats &amp; more");
    expect(html).toMatch(/<label for="card_number">Card number<\/label>/);
    expect(html).not.toMatch(/<script/i);

    const before = await latestEventId();
    const paid = await post(inv.hosted_invoice_url!, { card_number: "4242 4242 4242 4242", exp: "12/34", cvc: "123" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(/\?paid=1$/);
    const after = await stripe.invoices.retrieve(inv.id);
    expect(after.status).toBe("paid");
    expect(after.amount_paid).toBe(4200);
    const types = await eventTypesSince(before);
    for (const t of ["payment_intent.succeeded", "charge.succeeded", "invoice_payment.paid", "invoice.paid", "invoice.payment_succeeded"]) {
      expect(types).toContain(t);
    }
    const thanks = await (await fetch(new URL(paid.headers.get("location")!, inv.hosted_invoice_url!))).text();
    expect(thanks).toContain("your payment was received");
    expect(thanks).not.toContain('name="card_number"');
    // A second post (a reload, a double click) never charges again.
    const again = await post(inv.hosted_invoice_url!, { card_number: "4242424242424242" });
    expect(again.status).toBe(303);
    expect((await stripe.invoicePayments.list({ invoice: inv.id })).data).toHaveLength(1);
  });

  it("declines 4000 0000 0000 0002 with invoice.payment_failed, then a retry with another card pays", async () => {
    const { stripe } = env;
    const { inv } = await openInvoice(1500);
    const before = await latestEventId();
    const declined = await post(inv.hosted_invoice_url!, { card_number: "4000000000000002" });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Your card was declined.");
    expect(await eventTypesSince(before)).toEqual(expect.arrayContaining(["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed"]));
    const open = await stripe.invoices.retrieve(inv.id);
    expect(open.status).toBe("open");
    expect(open.attempt_count).toBe(1);

    const unknown = await post(inv.hosted_invoice_url!, { card_number: "1234" });
    expect(unknown.status).toBe(400);
    expect((await stripe.invoices.retrieve(inv.id)).attempt_count).toBe(1);

    // As in Stripe, the declined attempt leaves an open InvoicePayment whose payment intent the
    // retry charges again: one payment intent, a failed and a succeeded charge.
    const pending = (await stripe.invoicePayments.list({ invoice: inv.id })).data;
    expect(pending.map((p) => [p.status, p.amount_paid])).toEqual([["open", null]]);

    expect((await post(inv.hosted_invoice_url!, { card_number: "5555555555554444" })).status).toBe(303);
    expect((await stripe.invoices.retrieve(inv.id)).status).toBe("paid");
    const payments = (await stripe.invoicePayments.list({ invoice: inv.id })).data;
    expect(payments.map((p) => [p.id, p.status, p.amount_paid])).toEqual([[pending[0]!.id, "paid", 1500]]);
    const charges = await stripe.charges.list({ payment_intent: payments[0]!.payment.payment_intent as string });
    expect(charges.data.map((c) => c.status).sort()).toEqual(["failed", "succeeded"]);
  });

  it("formats zero- and three-decimal currencies with their own exponent", async () => {
    const { inv } = await openInvoice(1234, "jpy");
    expect(await (await fetch(inv.hosted_invoice_url!)).text()).toContain("JPY 1,234");
    const kwd = await openInvoice(12340, "kwd");
    expect(await (await fetch(kwd.inv.hosted_invoice_url!)).text()).toContain("KWD 12.340");
  });
});

describe("customer portal session", () => {
  it("has the shape of Stripe's billing_portal.session and validates its parameters", async () => {
    const { stripe, run } = env;
    const c = await stripe.customers.create({ email: "portal-shape@hosted.test" });
    const s = await stripe.billingPortal.sessions.create({ customer: c.id, return_url: "http://localhost:3000/payments", locale: "ru" });
    expect(s).toMatchObject({
      object: "billing_portal.session",
      customer: c.id,
      return_url: "http://localhost:3000/payments",
      livemode: false,
      locale: "ru",
      flow: null,
    });
    expect(s.id).toMatch(/^bps_/);
    expect(s.configuration).toMatch(/^bpc_/);
    expect(s.url).toMatch(new RegExp(`^${run.url}/p/session/test_`));
    expect((await stripeError(stripe.billingPortal.sessions.create({ customer: "cus_missing" }))).statusCode).toBe(404);
    expect((await stripeError(stripe.billingPortal.sessions.create({ customer: c.id, return_url: "javascript:alert(1)" }))).statusCode).toBe(400);
  });

  it("adds a card as the default, makes another the default, removes one, and links back", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "portal@hosted.test", name: "Portal Person" });
    const s = await stripe.billingPortal.sessions.create({ customer: c.id, return_url: "http://localhost:3000/payments" });
    const first = await (await fetch(s.url)).text();
    expect(first).toContain('href="http://localhost:3000/payments"');
    expect(first).toContain("No saved cards.");

    const before = await latestEventId();
    const added = await post(s.url, { action: "add", card_number: "4242424242424242", make_default: "on" });
    expect(added.status).toBe(303);
    const visa = (await stripe.paymentMethods.list({ customer: c.id })).data[0]!;
    expect(visa.card!.last4).toBe("4242");
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(visa.id);
    expect(await eventTypesSince(before)).toEqual(expect.arrayContaining(["payment_method.attached", "customer.updated"]));

    // A card that Stripe declines when it is saved is refused; nothing is attached.
    const refused = await post(s.url, { action: "add", card_number: "4000000000000002" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Your card was declined.");
    expect((await stripe.paymentMethods.list({ customer: c.id })).data).toHaveLength(1);

    await post(s.url, { action: "add", card_number: "5555555555554444" });
    const mc = (await stripe.paymentMethods.list({ customer: c.id })).data.find((p) => p.card!.last4 === "4444")!;
    expect((await post(s.url, { action: "default", payment_method: mc.id })).status).toBe(303);
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(mc.id);
    const page = await (await fetch(`${s.url}?done=default`)).text();
    expect(page).toContain("mastercard •••• 4444, expires 12/2034 <strong>(default)</strong>");

    // Another customer's card cannot be touched through this session.
    const other = await stripe.customers.create({ email: "other@hosted.test" });
    const theirs = await stripe.paymentMethods.attach("pm_card_visa", { customer: other.id });
    expect((await post(s.url, { action: "remove", payment_method: theirs.id })).status).toBe(400);
    expect((await stripe.paymentMethods.retrieve(theirs.id)).customer).toBe(other.id);

    expect((await post(s.url, { action: "remove", payment_method: visa.id })).status).toBe(303);
    expect((await stripe.paymentMethods.list({ customer: c.id })).data.map((p) => p.id)).toEqual([mc.id]);
  });

  it("an invoice then charges the default card chosen in the portal", async () => {
    const { stripe } = env;
    const { c, inv } = await openInvoice(900);
    const s = await stripe.billingPortal.sessions.create({ customer: c.id });
    await post(s.url, { action: "add", card_number: "3566002020360505", make_default: "on" });
    const paid = await stripe.invoices.pay(inv.id);
    expect(paid.status).toBe("paid");
    const ip = (await stripe.invoicePayments.list({ invoice: inv.id })).data[0]!;
    const pi = await stripe.paymentIntents.retrieve(ip.payment.payment_intent as string, { expand: ["latest_charge"] });
    expect((pi.latest_charge as Stripe.Charge).payment_method_details!.card!.brand).toBe("jcb");
  });
});
