// Subscriptions: create (first invoice, trial), change quantity or price with prorations, cancel.
// The plan swap is replayed from a real recorded Stripe invoice (API 2024-04-10, the invoice of
// features/billing-math/testing/recorded/not-collecting-two-rates-proration-usd-2024-04-10.json):
// subscription period [1718643234, 1721235234), Basic 20 USD → Standard 25 USD at 1718661676.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";
import { shapeErrors } from "./sdk-shape";

const START = 1718643234; // 2024-06-17T16:53:54Z, the recorded subscription's period start
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

// Generous timeout: the first shapeErrors() call reads the SDK declarations.
describe("subscriptions", { timeout: 60_000 }, () => {
  it("replays the recorded plan swap: −1986 'Unused time on Basic', +2482 'Remaining time on Standard', total 496", async () => {
    const { stripe } = env;
    const basic = await monthly("Basic", 2000);
    const standard = await monthly("Standard", 2500);
    const c = await stripe.customers.create({ email: "swap@subs.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }], collection_method: "send_invoice", days_until_due: 30 });
    expect(sub.status).toBe("active");
    const si = sub.items.data[0];
    expect([si.current_period_start, si.current_period_end]).toEqual([START, 1721235234]);
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({
      billing_reason: "subscription_create",
      status: "open",
      total: 2000,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
    });
    const firstLine = first.lines.data[0];
    // invoice.created already carries the subscription's lines and parent, as Stripe sends it
    const created = [...env.run.emulator.store.c.events.items.values()]
      .map((e) => env.run.emulator.renderEvent(e))
      .find((e) => e.type === "invoice.created" && e.data.object.id === first.id)!;
    expect(created.data.object).toMatchObject({ billing_reason: "subscription_create", total: 2000, parent: { type: "subscription_details" } });
    expect(created.data.object.lines.data.map((l: { id: string }) => l.id)).toEqual([firstLine.id]);
    expect(firstLine.parent).toEqual({
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: si.id,
      },
      type: "subscription_item_details",
    });

    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: si.id, price: standard.id }],
      proration_behavior: "always_invoice",
      proration_date: 1718661676,
    });
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(inv).toMatchObject({ billing_reason: "subscription_update", subtotal: 496, total: 496 });
    const [credit, debit] = inv.lines.data;
    // the recorded lines, field by field where this API version still has the field
    expect(credit).toMatchObject({
      amount: -1986,
      description: "Unused time on Basic after 17 Jun 2024",
      discountable: false,
      quantity: 1,
      period: { start: 1718661676, end: 1721235234 },
    });
    expect(debit).toMatchObject({
      amount: 2482,
      description: "Remaining time on Standard after 17 Jun 2024",
      discountable: false,
      quantity: 1,
      period: { start: 1718661676, end: 1721235234 },
    });
    expect(credit.parent?.subscription_item_details).toMatchObject({
      proration: true,
      subscription: sub.id,
      subscription_item: si.id,
      proration_details: { credited_items: { invoice: first.id, invoice_line_items: [firstLine.id] } },
    });
    expect(debit.parent?.subscription_item_details).toMatchObject({
      proration: true,
      subscription: sub.id,
      subscription_item: si.id,
      proration_details: { credited_items: null },
    });
    expect(credit.parent?.subscription_item_details?.invoice_item).toMatch(/^ii_/);
    expect(credit.pricing?.price_details?.price).toBe(basic.id);
    expect(debit.pricing?.price_details?.price).toBe(standard.id);
    // the recorded lines' unit_amount_excluding_tax: the prorated amount per unit
    expect([String(credit.pricing?.unit_amount_decimal), String(debit.pricing?.unit_amount_decimal)]).toEqual(["-1986", "2482"]);
    const item = await stripe.invoiceItems.retrieve(credit.parent!.subscription_item_details!.invoice_item!);
    expect(item).toMatchObject({
      proration: true,
      amount: -1986,
      invoice: inv.id,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, subscription_item: si.id } },
    });
    expect(updated.items.data[0].price.id).toBe(standard.id);
    for (const o of [updated, updated.items.data[0], item, inv, credit, debit]) expect(shapeErrors(json(o))).toEqual([]);
  });

  it("a second swap credits the first swap's invoiced debit line, as the real secrag history shows (not the period's first line again)", async () => {
    // features/billing-math/conformance/objects/secrag--response_switched_again.legacy.json: a swap
    // 49 s after another, each invoiced at once; its credit's proration_details.credited_items names
    // the previous swap's +20.00 debit line.
    const { stripe } = env;
    const [a, b, c3] = [await monthly("Monthly A", 1000), await monthly("Monthly B", 2000), await monthly("Monthly C", 3000)];
    const c = await stripe.customers.create({ email: "swap-twice@subs.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: a.id }], collection_method: "send_invoice", days_until_due: 30 });
    const si = sub.items.data[0];
    const firstLine = (await stripe.invoices.retrieve(sub.latest_invoice as string)).lines.data[0];
    const swap = async (price: string, at: number) => {
      const u = await stripe.subscriptions.update(sub.id, { items: [{ id: si.id, price }], proration_behavior: "always_invoice", proration_date: at });
      return stripe.invoices.retrieve(u.latest_invoice as string);
    };
    const once = await swap(b.id, 1718661676);
    const [credit1, debit1] = once.lines.data;
    expect(credit1.parent?.subscription_item_details?.proration_details?.credited_items).toEqual({
      invoice: sub.latest_invoice,
      invoice_line_items: [firstLine.id],
    });
    const twice = await swap(c3.id, 1718661676 + 49);
    const [credit2, debit2] = twice.lines.data;
    expect(credit2.amount).toBeLessThan(0);
    expect(debit2.amount).toBeGreaterThan(0);
    expect(credit2.parent?.subscription_item_details?.proration_details?.credited_items).toEqual({ invoice: once.id, invoice_line_items: [debit1.id] });
    // a preview of a third swap names the second swap's debit, and changes nothing
    const preview = await stripe.invoices.createPreview({
      customer: c.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: si.id, price: a.id }], proration_date: 1718661676 + 98 },
    });
    const previewCredit = preview.lines.data.find((l) => l.amount < 0)!;
    expect(previewCredit.parent?.subscription_item_details?.proration_details?.credited_items).toEqual({ invoice: twice.id, invoice_line_items: [debit2.id] });
  });

  it("a seat change with create_prorations leaves two pending proration items (whole old and new quantities); none leaves nothing", async () => {
    const { stripe } = env;
    const team = await monthly("Team", 1500);
    const c = await stripe.customers.create({ email: "seats@subs.test" });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: team.id, quantity: 10 }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const si = sub.items.data[0];
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.total).toBe(15000);
    expect(first.lines.data[0].description).toBe("10 × Team (at $15.00 / month)");
    const t = si.current_period_start + 12 * 86400;
    await stripe.subscriptions.update(sub.id, { items: [{ id: si.id, quantity: 12 }], proration_date: t });
    const pending = await stripe.invoiceItems.list({ customer: c.id, pending: true });
    const end = si.current_period_end,
      start = si.current_period_start;
    // half up of q × 1500 × (end − t) / (end − start)
    const prorate = (q: number) => Number((2n * BigInt(q * 1500) * BigInt(end - t) + BigInt(end - start)) / (2n * BigInt(end - start)));
    const [credit, debit] = [...pending.data].sort((a, b) => a.amount - b.amount);
    expect([credit.amount, credit.quantity, credit.proration]).toEqual([-prorate(10), 10, true]);
    expect([debit.amount, debit.quantity, debit.proration]).toEqual([prorate(12), 12, true]);
    expect(credit.description).toBe("Unused time on 10 × Team after 29 Jun 2024");
    // quantity × unit_amount_decimal gives each proration's amount (Settle's line math holds on them)
    for (const i of [credit, debit]) expect(Math.round(Number(String(i.pricing?.unit_amount_decimal)) * i.quantity)).toBe(i.amount);
    expect(debit.description).toBe("Remaining time on 12 × Team after 29 Jun 2024");
    await stripe.subscriptions.update(sub.id, { items: [{ id: si.id, quantity: 13 }], proration_behavior: "none" });
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toHaveLength(2);
    expect((await stripe.subscriptionItems.retrieve(si.id)).quantity).toBe(13);
    // the pending prorations go on the customer's next invoice as subscription item lines
    const next = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: "include" });
    expect(next.lines.data.every((l) => l.parent?.type === "subscription_item_details" && l.parent.subscription_item_details?.proration === true)).toBe(true);
    expect(next.total).toBe(prorate(12) - prorate(10));
  });

  it("default_tax_rates and discounts apply to every invoice the subscription makes; a negative total goes to the customer's balance", async () => {
    const { stripe } = env;
    const rate = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const forever = await stripe.coupons.create({ percent_off: 10, duration: "forever" });
    const once = await stripe.coupons.create({ percent_off: 50, duration: "once" });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    const c = await stripe.customers.create({ email: "taxed@subs.test", test_clock: clock.id });
    const seats = await monthly("Taxed seats", 1000);
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: seats.id, quantity: 3 }],
      default_tax_rates: [rate.id],
      discounts: [{ coupon: forever.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const end = sub.items.data[0].current_period_end;
    // 3000 − 10 % = 2700, + 20 % = 3240: the subscription's rate and discount are on its invoice
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ subtotal: 3000, total: 3240, default_tax_rates: [{ id: rate.id }] });
    expect(first.discounts).toEqual(sub.discounts);
    // the renewal keeps both
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: end + 7200 });
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    const cycle = await stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(cycle).toMatchObject({ billing_reason: "subscription_cycle", subtotal: 3000, total: 3240 });
    // 3 → 1 seat halfway, invoiced at once: a negative total (the prorations are not discountable,
    // and taxed at the subscription's rate), amount_due 0, paid, credited to the balance
    const next = renewed.items.data[0];
    const half = next.current_period_start + (next.current_period_end - next.current_period_start) / 2;
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: half });
    const down = await stripe.subscriptions.update(sub.id, { items: [{ id: next.id, quantity: 1 }], proration_behavior: "always_invoice" });
    const credit = await stripe.invoices.retrieve(down.latest_invoice as string);
    expect(credit).toMatchObject({ billing_reason: "subscription_update", total: -1200, amount_due: 0, status: "paid", ending_balance: -1200 });
    expect(credit.total_taxes?.[0]?.amount).toBe(-200);
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ balance: -1200 });
    // a "once" coupon discounts the first invoice only
    const c2 = await stripe.customers.create({ email: "once@subs.test", test_clock: clock.id });
    const s2 = await stripe.subscriptions.create({
      customer: c2.id,
      items: [{ price: seats.id }],
      discounts: [{ coupon: once.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    expect((await stripe.invoices.retrieve(s2.latest_invoice as string)).total).toBe(500);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: s2.items.data[0].current_period_end + 7200 });
    const s2renewed = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(s2.id)).latest_invoice as string);
    expect(s2renewed).toMatchObject({ billing_reason: "subscription_cycle", total: 1000, discounts: [] });
  });

  it("a trial: status trialing, a paid 0 first invoice 'Trial period for …', no prorations while trialing", async () => {
    const { stripe } = env;
    const pro = await monthly("Pro", 4900);
    const c = await stripe.customers.create({ email: "trial@subs.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: pro.id }], trial_period_days: 14 });
    expect(sub).toMatchObject({ status: "trialing", trial_start: START, trial_end: START + 14 * 86400 });
    expect(sub.items.data[0].current_period_end).toBe(START + 14 * 86400);
    const inv = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(inv).toMatchObject({ status: "paid", total: 0 });
    expect(inv.lines.data[0]).toMatchObject({ amount: 0, description: "Trial period for Pro" });
    expect(String(inv.lines.data[0].pricing?.unit_amount_decimal)).toBe("0");
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 3 }] });
    expect((await stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toHaveLength(0);
  });

  it("charge_automatically without payment: incomplete until the first invoice is paid; cancel ends it with events", async () => {
    const { stripe, run } = env;
    const price = await monthly("Seat", 1000);
    const c = await stripe.customers.create({ email: "cancel@subs.test" });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, quantity: 2 }] });
    expect(sub.status).toBe("incomplete");
    await stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    const canceled = await stripe.subscriptions.cancel(sub.id, { prorate: true });
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: START, ended_at: START, cancellation_details: { reason: "cancellation_requested" } });
    expect(shapeErrors(json(canceled))).toEqual([]);
    const types = [...run.emulator.store.c.events.items.values()]
      .filter((e) => String(e.type).startsWith("customer.subscription.") && run.emulator.renderEvent(e).data.object.id === sub.id)
      .map((e) => e.type);
    expect(types).toEqual(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"]);
    const e = await stripeError(stripe.subscriptions.cancel(sub.id));
    expect(e.type).toBe("StripeInvalidRequestError");
    // prorate=true: the unused time is credited, pending; canceled at the period start, that is the whole period
    const pending = await stripe.invoiceItems.list({ customer: c.id, pending: true });
    expect(pending.data.map((i) => [i.amount, i.proration, i.description])).toEqual([[-2000, true, "Unused time on 2 × Seat after 17 Jun 2024"]]);
    expect((await stripe.subscriptions.list({ customer: c.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: c.id, status: "canceled" })).data).toHaveLength(1);
  });

  it("cancel_at_period_end sets cancel_at to the period end; items list; expand latest_invoice", async () => {
    const { stripe } = env;
    const price = await monthly("Later", 500);
    const c = await stripe.customers.create({ email: "later@subs.test" });
    const sub = await stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: price.id, quantity: 3 }],
      collection_method: "send_invoice",
      days_until_due: 7,
    });
    const si = sub.items.data[0];
    const later = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(later).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
      cancel_at: si.current_period_end,
      canceled_at: START,
      cancellation_details: { reason: "cancellation_requested" },
    });
    const back = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(back).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    expect((await stripe.subscriptionItems.list({ subscription: sub.id })).data.map((i) => [i.id, i.quantity])).toEqual([[si.id, 3]]);
    const x = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect((x.latest_invoice as Stripe.Invoice).total).toBe(1500);
  });

  it("rejects one-time prices, mixed currencies and a proration date outside the period", async () => {
    const { stripe } = env;
    const c = await stripe.customers.create({ email: "bad@subs.test" });
    const once = await stripe.prices.create({ currency: "usd", unit_amount: 100, product_data: { name: "Once" } });
    expect((await stripeError(stripe.subscriptions.create({ customer: c.id, items: [{ price: once.id }] }))).param).toBe("items[0][price]");
    const usd = await monthly("USD", 100);
    const eur = await stripe.prices.create({ currency: "eur", unit_amount: 100, recurring: { interval: "month" }, product_data: { name: "EUR" } });
    expect((await stripeError(stripe.subscriptions.create({ customer: c.id, items: [{ price: usd.id }, { price: eur.id }] }))).param).toBe("items[1][price]");
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: usd.id }], collection_method: "send_invoice", days_until_due: 30 });
    expect(
      (await stripeError(stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, quantity: 2 }], proration_date: START - 1 }))).param,
    ).toBe("proration_date");
  });
});
