// Tiered, package and recurring prices through the SDK, and invoice items priced with them.
// Hand-worked amounts follow Stripe's documented examples (README "Prices").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, stripeError, type TestEnv } from "./helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.run.close();
});

// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing: 1-5 at 7 USD, 6-10 at 6.5 USD, 11+ at 6 USD
const TYPOGRAPHIC = [
  { up_to: 5, unit_amount: 700 },
  { up_to: 10, unit_amount: 650 },
  { up_to: "inf" as const, unit_amount: 600 },
];

async function itemAmount(price: string, quantity: number): Promise<number> {
  const { stripe } = env;
  const c = await stripe.customers.create({ email: `q${quantity}@prices.test` });
  const item = await stripe.invoiceItems.create({ customer: c.id, pricing: { price }, quantity });
  return item.amount;
}

describe("prices: tiered, package, recurring", () => {
  it("creates a graduated tiered price; tiers come back only with expand[]=tiers, in Stripe's tier shape", async () => {
    const { stripe } = env;
    const p = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Fonts" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: TYPOGRAPHIC,
      recurring: { interval: "month" },
    });
    expect(p).toMatchObject({
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      unit_amount: null,
      unit_amount_decimal: null,
      transform_quantity: null,
      type: "recurring",
    });
    expect(p.recurring).toEqual({ interval: "month", interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" });
    expect(p.tiers).toBeUndefined();
    const x = await stripe.prices.retrieve(p.id, { expand: ["tiers"] });
    // The SDK hands decimal strings back as Decimal objects: compare their text.
    const text = (t: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === null || typeof v === "number" ? v : String(v)]));
    expect(x.tiers!.map((t) => text(t as unknown as Record<string, unknown>))).toEqual([
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 700, unit_amount_decimal: "700", up_to: 5 },
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 650, unit_amount_decimal: "650", up_to: 10 },
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 600, unit_amount_decimal: "600", up_to: null },
    ]);
    const list = await stripe.prices.list({ expand: ["data.tiers"], limit: 100 });
    expect(list.data.find((q) => q.id === p.id)?.tiers).toHaveLength(3);
  });

  it("prices invoice items by the tiers: graduated 6 fonts = 41.50 USD, volume 6 fonts = 39 USD", async () => {
    const { stripe } = env;
    const g = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Fonts G" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: TYPOGRAPHIC,
    });
    const v = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Fonts V" },
      billing_scheme: "tiered",
      tiers_mode: "volume",
      tiers: TYPOGRAPHIC,
    });
    expect(await itemAmount(g.id, 6)).toBe(4150); // 5 × 700 + 1 × 650
    expect(await itemAmount(v.id, 6)).toBe(3900); // 6 × 650
    expect(await itemAmount(v.id, 25)).toBe(15000);
  });

  it("flat and decimal tier amounts, and the line's pricing and quantity as Stripe writes them", async () => {
    const { stripe } = env;
    const p = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "API" },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 1000, flat_amount: 20000 },
        { up_to: "inf", unit_amount_decimal: "0.35" as never },
      ],
    });
    const c = await stripe.customers.create({ email: "api@prices.test" });
    const inv = await stripe.invoices.create({ customer: c.id });
    const item = await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, pricing: { price: p.id }, quantity: 1301 });
    expect(item.amount).toBe(20105); // 20000 + 301 × 0.35 = 20105.35 → 20105
    expect(await itemAmount(p.id, 0)).toBe(20000); // the first tier's flat fee is charged at zero usage
    const lines = await stripe.invoices.listLineItems(inv.id);
    expect(lines.data[0]).toMatchObject({
      amount: 20105,
      quantity: 1301,
      pricing: { price_details: { price: p.id }, type: "price_details", unit_amount_decimal: null },
    });
    const f = await stripe.invoices.finalizeInvoice(inv.id);
    expect(f.total).toBe(20105);
  });

  it("package pricing with transform_quantity: 10 USD per 5 users rounded up; per full hour rounded down", async () => {
    const { stripe } = env;
    const up = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Suite" },
      unit_amount: 1000,
      transform_quantity: { divide_by: 5, round: "up" },
    });
    expect(up.transform_quantity).toEqual({ divide_by: 5, round: "up" });
    expect(await itemAmount(up.id, 6)).toBe(2000);
    expect(await itemAmount(up.id, 5)).toBe(1000);
    const down = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Rental" },
      unit_amount: 1000,
      transform_quantity: { divide_by: 60, round: "down" },
    });
    expect(await itemAmount(down.id, 150)).toBe(2000);
  });

  it("rejects what Stripe rejects", async () => {
    const { stripe } = env;
    const product = (await stripe.products.create({ name: "Bad" })).id;
    const e1 = await stripeError(
      stripe.prices.create({ currency: "usd", product, billing_scheme: "tiered", tiers_mode: "volume", tiers: [{ up_to: 5, unit_amount: 1 }] }),
    );
    expect(e1.param).toBe("tiers[0][up_to]");
    const e2 = await stripeError(stripe.prices.create({ currency: "usd", product, billing_scheme: "tiered", tiers: TYPOGRAPHIC }));
    expect(e2.param).toBe("tiers_mode");
    const e3 = await stripeError(
      stripe.prices.create({
        currency: "usd",
        product,
        billing_scheme: "tiered",
        tiers_mode: "volume",
        tiers: TYPOGRAPHIC,
        transform_quantity: { divide_by: 5, round: "up" },
      }),
    );
    expect(e3.param).toBe("transform_quantity");
    const e4 = await stripeError(
      stripe.prices.create({
        currency: "usd",
        product,
        billing_scheme: "tiered",
        tiers_mode: "volume",
        tiers: [
          { up_to: 5, unit_amount: 1 },
          { up_to: 3, unit_amount: 1 },
          { up_to: "inf", unit_amount: 1 },
        ],
      }),
    );
    expect(e4.param).toBe("tiers[1][up_to]");
    const e5 = await stripeError(stripe.prices.create({ currency: "usd", product, unit_amount: 100, recurring: { interval: "fortnight" as "month" } }));
    expect(e5.param).toBe("interval");
    const tiered = await stripe.prices.create({ currency: "usd", product, billing_scheme: "tiered", tiers_mode: "volume", tiers: TYPOGRAPHIC });
    const c = await stripe.customers.create({ email: "bad@prices.test" });
    const e6 = await stripeError(stripe.invoiceItems.create({ customer: c.id, pricing: { price: tiered.id }, quantity_decimal: "1.5" } as any));
    expect(e6.type).toBe("StripeInvalidRequestError");
  });
});

describe("prices survive a snapshot", () => {
  it("restores tiers and keeps pricing items by them", async () => {
    const { stripe, run } = env;
    const p = await stripe.prices.create({
      currency: "usd",
      product_data: { name: "Snap" },
      billing_scheme: "tiered",
      tiers_mode: "volume",
      tiers: TYPOGRAPHIC,
    });
    const snap = run.emulator.snapshot();
    run.emulator.restore(snap);
    expect((await stripe.prices.retrieve(p.id, { expand: ["tiers"] })).tiers).toHaveLength(3);
    expect(await itemAmount(p.id, 20)).toBe(12000);
  });
});
