// The links of the money loop: "Pay now" (invoice list and detail), "Retry with another card"
// (payments) and the customer-portal session, against projections in a real database.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getDb, type Db } from "@/lib/db";
import { AppError, NotFoundError } from "@/lib/errors";
import { seedBillingFixture, seedFixtureCustomer, type FixtureRows } from "@/prisma/seed/billing";
import { getInvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { listInvoices } from "@/features/invoices/list-invoices";
import { listPayments } from "./list-payments";
import { openBillingPortal } from "./open-billing-portal";

const tag = `pay${Date.now().toString(36)}`;
let a: { id: string; stripeId: string; rows: FixtureRows };
let b: { id: string };
const apiBaseWas = process.env.STRIPE_API_BASE;

// The portal reads take the database first, as the pages pass it.
let db: Db;
beforeAll(async () => {
  db = await getDb();
});

beforeAll(async () => {
  const db = await getDb();
  const ca = await seedFixtureCustomer(db, { stripeId: `cus_${tag}_a`, email: `a-${tag}@example.com`, name: "Payer A" });
  const cb = await seedFixtureCustomer(db, { stripeId: `cus_${tag}_b`, email: `b-${tag}@example.com`, name: "Payer B" });
  a = { id: ca.id, stripeId: `cus_${tag}_a`, rows: await seedBillingFixture(db, { customerId: ca.id, idPrefix: `${tag}a`, invoices: 30, linesPerInvoice: 2 }) };
  b = { id: cb.id };
});
afterEach(() => {
  if (apiBaseWas === undefined) delete process.env.STRIPE_API_BASE;
  else process.env.STRIPE_API_BASE = apiBaseWas;
});

const openWithRemaining = () => a.rows.invoices.filter((i) => i.status === "OPEN" && (i.amountRemaining as bigint) > 0n);

describe("Pay now", () => {
  it("is Stripe's hosted page on every open invoice with something left to pay, and on nothing else", async () => {
    const page = await listInvoices(db, { customerIds: [a.id], filters: {}, limit: 100 });
    expect(page.items.length).toBe(30);
    const open = new Set(openWithRemaining().map((i) => i.id));
    expect(open.size).toBeGreaterThan(0);
    for (const item of page.items) {
      const fixture = a.rows.invoices.find((i) => i.id === item.id)!;
      expect(item.payUrl, item.id).toBe(open.has(item.id) ? fixture.hostedInvoiceUrl : null);
    }
    const one = openWithRemaining()[0]!;
    expect((await getInvoiceDetail(db, { customerIds: [a.id], invoiceId: one.id! })).payUrl).toBe(one.hostedInvoiceUrl);
  });

  it("never links to a URL that cannot be Stripe's, and to http only on the loopback emulator", async () => {
    const db = await getDb();
    const [first, second] = openWithRemaining();
    await db.invoice.update({ where: { id: first!.id! }, data: { hostedInvoiceUrl: "javascript:alert(document.cookie)" } });
    await db.invoice.update({ where: { id: second!.id! }, data: { hostedInvoiceUrl: "http://127.0.0.1:12111/i/test_abc" } });
    delete process.env.STRIPE_API_BASE;
    const payUrls = async () => new Map((await listInvoices(db, { customerIds: [a.id], filters: {}, limit: 100 })).items.map((i) => [i.id, i.payUrl]));
    let urls = await payUrls();
    expect(urls.get(first!.id!)).toBeNull();
    expect(urls.get(second!.id!)).toBeNull(); // http without the emulator: refused
    expect((await getInvoiceDetail(db, { customerIds: [a.id], invoiceId: first!.id! })).payUrl).toBeNull();
    process.env.STRIPE_API_BASE = "http://127.0.0.1:12111";
    urls = await payUrls();
    expect(urls.get(second!.id!)).toBe("http://127.0.0.1:12111/i/test_abc");
    expect(urls.get(first!.id!)).toBeNull();
    await db.invoice.update({ where: { id: first!.id! }, data: { hostedInvoiceUrl: first!.hostedInvoiceUrl } });
    await db.invoice.update({ where: { id: second!.id! }, data: { hostedInvoiceUrl: second!.hostedInvoiceUrl } });
  });
});

describe("Retry with another card", () => {
  it("is offered on a declined payment of an invoice still open, not on one that was paid since", async () => {
    const { items } = await listPayments(db, { customerIds: [a.id], limit: 500 });
    const failed = items.filter((p) => p.status === "failed");
    expect(failed.length).toBeGreaterThan(0);
    let offered = 0;
    for (const p of failed) {
      const inv = a.rows.invoices.find((i) => i.id === p.invoice?.id);
      const stillOpen = inv?.status === "OPEN" && (inv.amountRemaining as bigint) > 0n;
      expect(p.retryUrl, p.id).toBe(stillOpen ? inv!.hostedInvoiceUrl : null);
      if (stillOpen) offered++;
    }
    expect(offered).toBeGreaterThan(0);
    expect(items.filter((p) => p.status !== "failed").every((p) => p.retryUrl === null)).toBe(true);
  });
});

describe("Manage payment methods", () => {
  function fakeStripe(url: string) {
    const calls: Stripe.BillingPortal.SessionCreateParams[] = [];
    const stripe = {
      billingPortal: { sessions: { create: async (p: Stripe.BillingPortal.SessionCreateParams) => (calls.push(p), { url }) } },
    } as unknown as Stripe;
    return { stripe, calls };
  }

  it("opens a session for the customer's own Stripe customer, coming back to Settle", async () => {
    const { stripe, calls } = fakeStripe("https://billing.stripe.com/p/session/test_x");
    const url = await openBillingPortal(db, { customerIds: [a.id], returnUrl: "https://settle.example/payments", locale: "ru", stripe });
    expect(url).toBe("https://billing.stripe.com/p/session/test_x");
    expect(calls).toEqual([{ customer: a.stripeId, return_url: "https://settle.example/payments", locale: "ru" }]);
  });

  it("refuses another customer's id without calling Stripe, and a session URL that cannot be Stripe's", async () => {
    const { stripe, calls } = fakeStripe("https://billing.stripe.com/p/session/test_x");
    await expect(openBillingPortal(db, { customerIds: [a.id], customerId: b.id, returnUrl: "https://settle.example/payments", stripe })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(openBillingPortal(db, { customerIds: [], returnUrl: "https://settle.example/payments", stripe })).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toEqual([]);
    const bad = fakeStripe("javascript:alert(1)");
    await expect(openBillingPortal(db, { customerIds: [a.id], returnUrl: "https://settle.example/payments", stripe: bad.stripe })).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(openBillingPortal(db, { customerIds: [a.id], returnUrl: "https://settle.example/payments", stripe: bad.stripe })).rejects.toMatchObject({
      code: "billing_portal_unavailable",
      key: "portal.payments.portalUnavailable",
    });
  });
});
