// "Next bill" against the emulator (its invoices.createPreview) and a real database: only the
// signed-in customer's Stripe customers, one upcoming invoice per live subscription, itemized,
// and "unavailable" (never a partial bill) when Stripe throttles or cannot be reached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getDb, type Db } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { seedFixtureCustomer } from "@/prisma/seed/billing";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { explainDisplayLines } from "@/features/billing-display/explain-text";
import { getNextBill } from "./get-next-bill";

const START = Date.UTC(2026, 2, 1) / 1000;
let run: RunningEmulator;
let stripe: Stripe;
let db: Db;
let mine: { id: string; stripeId: string };
let theirs: { id: string; stripeId: string };
let subId: string;

beforeAll(async () => {
  db = await getDb();
  run = await startEmulator({ port: 0, startTime: START, seed: 16 });
  stripe = createStripe({ secretKey: "sk_test_nextbill", apiBase: run.url, maxNetworkRetries: 0 });
  const team = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
  const tag = Date.now().toString(36);
  const a = await stripe.customers.create({ email: `nb-a-${tag}@example.com` });
  const b = await stripe.customers.create({ email: `nb-b-${tag}@example.com` });
  const sub = await stripe.subscriptions.create({
    customer: a.id,
    items: [{ price: team.id, quantity: 10 }],
    collection_method: "send_invoice",
    days_until_due: 14,
    default_tax_rates: [vat.id],
  });
  subId = sub.id;
  // a seat change pending on the next invoice: two proration lines
  await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 12 }], proration_date: START + 10 * 86400 });
  // ending at period end: nothing more to bill
  const ending = await stripe.subscriptions.create({ customer: a.id, items: [{ price: team.id }], collection_method: "send_invoice", days_until_due: 14 });
  await stripe.subscriptions.update(ending.id, { cancel_at_period_end: true });
  await stripe.subscriptions.create({ customer: b.id, items: [{ price: team.id, quantity: 99 }], collection_method: "send_invoice", days_until_due: 14 });
  // the Price as the sync projects it (catalog-events.int.test.ts checks that path): what explains the prorations
  const price = { productName: "Team", currency: "usd", unitAmount: 1500n, unitAmountDecimal: "1500", recurringInterval: "month", recurringIntervalCount: 1 };
  const row = { ...price, billingScheme: "per_unit", usageType: "licensed", stripeCreated: new Date(START * 1000) };
  await db.price.upsert({ where: { id: team.id }, update: row, create: { id: team.id, ...row } });
  const ca = await seedFixtureCustomer(db, { stripeId: a.id, email: `nb-a-${tag}@example.com`, name: "Next A" });
  const cb = await seedFixtureCustomer(db, { stripeId: b.id, email: `nb-b-${tag}@example.com`, name: "Next B" });
  mine = { id: ca.id, stripeId: a.id };
  theirs = { id: cb.id, stripeId: b.id };
});
afterAll(async () => {
  await run.close();
});

describe("getNextBill", () => {
  it("the upcoming invoice of each live subscription of the customer's own Stripe customers, itemized with taxes", async () => {
    const r = await getNextBill(db, { customerIds: [mine.id], stripe });
    if (r.state !== "ok") throw new Error("expected ok");
    expect(r.bills).toHaveLength(1);
    const [bill] = r.bills;
    expect(bill.subscriptionId).toBe(subId);
    expect(bill.date).toEqual(new Date(Date.UTC(2026, 3, 1)));
    expect(bill.dueDate).toEqual(new Date(Date.UTC(2026, 3, 15)));
    expect(bill.chargedAutomatically).toBe(false);
    const prorations = bill.lines.filter((l) => l.proration);
    expect(prorations.map((l) => l.quantity)).toEqual(["10", "12"]);
    expect(prorations[0].amount < 0n && prorations[1].amount > 0n).toBe(true);
    const renewal = bill.lines.find((l) => !l.proration)!;
    expect([renewal.quantity, renewal.amount, renewal.description]).toEqual(["12", 18000n, "12 × Team (at $15.00 / month)"]);
    expect(renewal.taxes).toEqual([{ name: "VAT", percentage: "20", inclusive: false, amount: 3600n, taxabilityReason: "standard_rated" }]);
    const subtotal = bill.lines.reduce((s, l) => s + l.amount, 0n);
    expect(bill.totals.subtotal).toBe(subtotal);
    expect(bill.totals.taxes.map((t) => [t.name, t.amount])).toEqual([["VAT", bill.totals.total - subtotal]]);
    expect(bill.totals.amountDue).toBe(bill.totals.total);
    // the pending seat change explained as on an invoice: 21 of March's 31 days left after 11 Mar
    expect(prorations[0].subscriptionItemId).toMatch(/^si_/);
    expect(prorations[1].subscriptionItemId).toBe(prorations[0].subscriptionItemId);
    const explained = explainDisplayLines(
      bill.lines.map((l) => ({ ...l, price: l.price ?? null })),
      bill.currency,
      "en",
    );
    expect(explained.lines.get(prorations[1].id)).toBe("Remaining time on 12 × Team from 11 Mar 2026 to 1 Apr 2026: 12 × US$15.00 × 21/31 days = US$121.94");
    expect(explained.lines.get(prorations[0].id)).toBe("Unused time on 10 × Team from 11 Mar 2026 to 1 Apr 2026: -10 × US$15.00 × 21/31 days = -US$101.61");
    expect(explained.lines.has(renewal.id)).toBe(false);
    expect(explained.changes.map((c) => c.text)).toEqual([
      "You changed Team from 10 to 12 on 11 Mar 2026: US$121.94 for the remaining time on 12, minus US$101.61 for the unused time on 10 = US$20.33.",
    ]);
    expect(r.ending).toHaveLength(1);
    expect(r.ending[0].endsAt).toEqual(new Date(Date.UTC(2026, 3, 1)));
  });

  it("never asks Stripe about another customer's subscriptions", async () => {
    const r = await getNextBill(db, { customerIds: [theirs.id], stripe });
    if (r.state !== "ok") throw new Error("expected ok");
    expect(r.bills.map((b) => b.lines.find((l) => !l.proration)?.quantity)).toEqual(["99"]);
    const none = await getNextBill(db, { customerIds: [], stripe });
    expect(none).toEqual({ state: "ok", bills: [], ending: [] });
  });

  it("pages through every subscription of a customer, not only Stripe's first page (page size injected)", async () => {
    const whole = await getNextBill(db, { customerIds: [mine.id], stripe });
    // one subscription a page: the billed one and the ending one are on different pages
    const paged = await getNextBill(db, { customerIds: [mine.id], stripe, pageSize: 1 });
    if (whole.state !== "ok" || paged.state !== "ok") throw new Error("expected ok");
    expect(paged.bills.map((b) => b.subscriptionId)).toEqual([subId]);
    expect(paged.ending).toHaveLength(1);
    expect(paged.ending).toEqual(whole.ending);
    // five subscriptions at two a page: three pages, five bills
    const team = await stripe.prices.create({ currency: "usd", unit_amount: 700, recurring: { interval: "month" }, product_data: { name: "Seat" } });
    const tag = Date.now().toString(36);
    const many = await stripe.customers.create({ email: `nb-many-${tag}@example.com` });
    for (let q = 1; q <= 5; q++)
      await stripe.subscriptions.create({ customer: many.id, items: [{ price: team.id, quantity: q }], collection_method: "send_invoice", days_until_due: 14 });
    const cm = await seedFixtureCustomer(db, { stripeId: many.id, email: `nb-many-${tag}@example.com`, name: "Next Many" });
    const r = await getNextBill(db, { customerIds: [cm.id], stripe, pageSize: 2 });
    if (r.state !== "ok") throw new Error("expected ok");
    expect(r.bills.map((b) => b.lines.find((l) => !l.proration)?.quantity).sort()).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("Stripe rate-limited or unreachable: unavailable, not an error page and not a partial bill", async () => {
    run.emulator.webhooks.setFaults({ rate429: 1 });
    try {
      expect(await getNextBill(db, { customerIds: [mine.id], stripe })).toEqual({ state: "unavailable" });
    } finally {
      run.emulator.webhooks.setFaults({ rate429: 0 });
    }
    const down = createStripe({ secretKey: "sk_test_nextbill", apiBase: "http://127.0.0.1:9", maxNetworkRetries: 0, timeoutMs: 2000 });
    expect(await getNextBill(db, { customerIds: [mine.id], stripe: down })).toEqual({ state: "unavailable" });
  });
});
