// invoices.createPreview (src/resources/invoice-preview.ts): the upcoming invoice of a subscription,
// a proration preview that matches the update made with the same proration_date, no trace left.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";
import { shapeErrors } from "./sdk-shape";

const START = 1718643234; // 2024-06-17T16:53:54Z (as test/subscriptions.test.ts)
const END = 1721235234; // one month later
let env: TestEnv;
beforeAll(async () => {
  env = await setup({ startTime: START });
});
afterAll(async () => {
  await env.run.close();
});

const json = (o: unknown) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
async function monthly(name: string, unit_amount: number): Promise<Stripe.Price> {
  return env.stripe.prices.create({ currency: "usd", unit_amount, recurring: { interval: "month" }, product_data: { name } });
}
const isProration = (l: Stripe.InvoiceLineItem) => l.parent?.subscription_item_details?.proration === true;

describe("invoices.createPreview", { timeout: 60_000 }, () => {
  it("the next renewal: id upcoming_in…, draft, next period's lines, taxes; stores and sends nothing", async () => {
    const { stripe, run } = env;
    const team = await monthly("Team", 1500);
    const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 10, inclusive: false });
    const c = await stripe.customers.create({ email: "next@preview.test" });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: team.id, quantity: 10 }],
      collection_method: "send_invoice",
      days_until_due: 30,
      default_tax_rates: [vat.id],
    });
    const events = run.emulator.store.c.events.size;
    const counters = JSON.stringify(run.emulator.ids.counters);
    const up = await stripe.invoices.createPreview({ subscription: sub.id });
    expect(up.id).toMatch(/^upcoming_in_/);
    expect(up).toMatchObject({
      object: "invoice",
      status: "draft",
      number: null,
      hosted_invoice_url: null,
      billing_reason: "subscription_cycle",
      customer: c.id,
      created: END,
      period_start: START,
      period_end: END,
      due_date: END + 30 * 86400,
      subtotal: 15000,
      total: 16500,
      amount_due: 16500,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
    });
    expect(up.total_taxes?.map((t) => t.amount)).toEqual([1500]);
    expect(up.lines.data).toHaveLength(1);
    const [line] = up.lines.data;
    expect(line.id).toMatch(/^il_tmp_/);
    expect(line).toMatchObject({
      amount: 15000,
      quantity: 10,
      description: "10 × Team (at $15.00 / month)",
      period: { start: END, end: 1723913634 },
    });
    expect(isProration(line)).toBe(false);
    expect(shapeErrors(json(up))).toEqual([]);
    // "the upcoming invoice will not show up in invoice listing calls, and you cannot ... pay or edit the invoice"
    expect(run.emulator.store.c.events.size).toBe(events);
    expect(JSON.stringify(run.emulator.ids.counters)).toBe(counters);
    expect((await stripe.invoices.list({ customer: c.id })).data).toHaveLength(1);
    expect((await stripeError(stripe.invoices.pay(up.id))).code).toBe("resource_missing");
  });

  it("a pending seat change: the previewed prorations are exactly what the update with the same proration_date makes", async () => {
    const { stripe } = env;
    const seats = await monthly("Seats", 1500);
    const c = await stripe.customers.create({ email: "change@preview.test" });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: seats.id, quantity: 10 }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const si = sub.items.data[0];
    const t = START + 12 * 86400;
    const up = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: si.id, quantity: 12 }], proration_date: t },
    });
    const prorations = up.lines.data.filter(isProration);
    expect(prorations.map((l) => [l.quantity, l.description, l.period])).toEqual([
      [10, "Unused time on 10 × Seats after 29 Jun 2024", { start: t, end: END }],
      [12, "Remaining time on 12 × Seats after 29 Jun 2024", { start: t, end: END }],
    ]);
    expect(prorations.map((l) => l.parent?.subscription_item_details?.invoice_item)).toEqual([null, null]);
    // the credit names the line that charged the item, as the real proration will
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(prorations[0].parent?.subscription_item_details?.proration_details?.credited_items).toEqual({
      invoice: first.id,
      invoice_line_items: [first.lines.data[0].id],
    });
    const period = up.lines.data.filter((l) => !isProration(l));
    expect(period.map((l) => [l.quantity, l.amount])).toEqual([[12, 18000]]);
    expect(up.total).toBe(prorations[0].amount + prorations[1].amount + 18000);
    expect(shapeErrors(json(up))).toEqual([]);
    // nothing changed yet
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toHaveLength(0);
    expect((await stripe.subscriptionItems.retrieve(si.id)).quantity).toBe(10);

    await stripe.subscriptions.update(sub.id, { items: [{ id: si.id, quantity: 12 }], proration_date: t });
    const pending = (await stripe.invoiceItems.list({ customer: c.id, pending: true })).data;
    expect(pending.map((i) => i.amount).sort((a, b) => a - b)).toEqual(prorations.map((l) => l.amount).sort((a, b) => a - b));
    // now the upcoming invoice carries the real (pending) prorations and the new quantity
    const after = await stripe.invoices.createPreview({ subscription: sub.id });
    expect(after.total).toBe(up.total);
    expect(after.lines.data.filter(isProration).every((l) => /^ii_/.test(String(l.parent?.subscription_item_details?.invoice_item)))).toBe(true);
  });

  it("always_invoice previews the invoice made now (prorations only); none previews no proration", async () => {
    const { stripe } = env;
    const basic = await monthly("Basic", 2000);
    const standard = await monthly("Standard", 2500);
    const c = await stripe.customers.create({ email: "swap@preview.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }], collection_method: "send_invoice", days_until_due: 30 });
    const si = sub.items.data[0];
    // the recorded plan swap of test/subscriptions.test.ts: −1986 + 2482 = 496
    const now = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: si.id, price: standard.id }], proration_behavior: "always_invoice", proration_date: 1718661676 },
    });
    expect(now).toMatchObject({ billing_reason: "subscription_update", created: START, total: 496 });
    expect(now.lines.data.map((l) => l.amount)).toEqual([-1986, 2482]);
    const none = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: si.id, price: standard.id }], proration_behavior: "none" },
    });
    expect(none.lines.data.map((l) => [l.amount, isProration(l)])).toEqual([[2500, false]]);
  });

  it("nothing upcoming: invoice_upcoming_none (canceled, or ending at period end with nothing pending); customer-only previews pending items", async () => {
    const { stripe } = env;
    const p = await monthly("Ending", 1000);
    const c = await stripe.customers.create({ email: "none@preview.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: p.id }], collection_method: "send_invoice", days_until_due: 30 });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect((await stripeError(stripe.invoices.createPreview({ subscription: sub.id }))).code).toBe("invoice_upcoming_none");
    expect((await stripeError(stripe.invoices.createPreview({ customer: c.id }))).code).toBe("invoice_upcoming_none");
    await stripe.invoiceItems.create({ customer: c.id, amount: 700, currency: "usd", description: "Setup" });
    const one = await stripe.invoices.createPreview({ customer: c.id });
    expect(one).toMatchObject({ billing_reason: "manual", total: 700, parent: null });
    await stripe.subscriptions.cancel(sub.id);
    expect((await stripeError(stripe.invoices.createPreview({ subscription: sub.id }))).code).toBe("invoice_upcoming_none");
    const other = await stripe.customers.create({ email: "other@preview.test" });
    expect((await stripeError(stripe.invoices.createPreview({ subscription: sub.id, customer: other.id }))).param).toBe("subscription");
  });

  it("a subscription's upcoming invoice takes its own prorations and one-off items, not another subscription's", async () => {
    const { stripe } = env;
    const p = await monthly("Two subs", 1000);
    const c = await stripe.customers.create({ email: "two@preview.test" });
    const make = () => stripe.subscriptions.create({ customer: c.id, items: [{ price: p.id }], collection_method: "send_invoice", days_until_due: 30 });
    const [one, two] = [await make(), await make()];
    await stripe.subscriptions.update(one.id, { items: [{ id: one.items.data[0].id, quantity: 3 }], proration_date: START + 86400 });
    await stripe.invoiceItems.create({ customer: c.id, amount: 500, currency: "usd", description: "One-off" });
    const a = await stripe.invoices.createPreview({ subscription: one.id });
    const b = await stripe.invoices.createPreview({ subscription: two.id });
    expect(a.lines.data.filter(isProration)).toHaveLength(2);
    expect(b.lines.data.filter(isProration)).toHaveLength(0);
    expect(b.lines.data.map((l) => l.description)).toEqual(["One-off", "1 × Two subs (at $10.00 / month)"]);
  });

  it("a subscription on a test clock previews at the clock's time", async () => {
    const { stripe } = env;
    const t0 = Date.UTC(2027, 0, 1) / 1000;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: t0 });
    const c = await stripe.customers.create({ test_clock: clock.id });
    const p = await monthly("Clocked", 1200);
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: p.id }], collection_method: "send_invoice", days_until_due: 7 });
    const up = await stripe.invoices.createPreview({ subscription: sub.id });
    expect(up).toMatchObject({ created: Date.UTC(2027, 1, 1) / 1000, test_clock: clock.id, total: 1200 });
  });
});
