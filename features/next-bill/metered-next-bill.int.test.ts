// Issue 16: the next bill's metered line carries its projected Price, so the page shows the
// current period's usage so far ("Usage so far, 1 Mar – 31 Mar: 12,000 API calls") and its tiers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { getDb, type Db } from "@/lib/db";
import { createT } from "@/lib/i18n";
import { createStripe } from "@/lib/stripe";
import { seedFixtureCustomer } from "@/prisma/seed/billing";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { getNextBill } from "./get-next-bill";

const MAR = Date.UTC(2027, 2, 1) / 1000;
let run: RunningEmulator;
let stripe: Stripe;
let db: Db;
let customerId: string;

beforeAll(async () => {
  db = await getDb();
  run = await startEmulator({ port: 0, startTime: MAR, seed: 161 });
  stripe = createStripe({ secretKey: "sk_test_meterednext", apiBase: run.url, maxNetworkRetries: 0 });
  const meter = await stripe.billing.meters.create({ display_name: "API calls", event_name: "api_call_next", default_aggregation: { formula: "sum" } });
  const tiers = [
    { up_to: 10_000, unit_amount: 0 },
    { up_to: "inf" as const, unit_amount_decimal: Stripe.Decimal.from("0.5") },
  ];
  const price = await stripe.prices.create({
    currency: "usd",
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers,
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    product_data: { name: "API calls" },
  });
  const tag = Date.now().toString(36);
  const c = await stripe.customers.create({ email: `nb-metered-${tag}@example.com` });
  await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], collection_method: "send_invoice", days_until_due: 14 });
  run.emulator.clock.set(MAR + 5 * 86_400);
  await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: c.id, value: "12000" } });
  // the Price as the sync projects it (catalog-events.int.test.ts checks that path)
  const data = {
    productName: "API calls",
    currency: "usd",
    recurringInterval: "month",
    usageType: "metered",
    meterId: meter.id,
    billingScheme: "tiered",
    tiersMode: "graduated",
    tiers: [
      { up_to: 10_000, unit_amount: 0, unit_amount_decimal: "0", flat_amount: null, flat_amount_decimal: null },
      { up_to: null, unit_amount: null, unit_amount_decimal: "0.5", flat_amount: null, flat_amount_decimal: null },
    ],
    stripeCreated: new Date(MAR * 1000),
  };
  await db.price.upsert({ where: { id: price.id }, update: data, create: { id: price.id, ...data } });
  customerId = (await seedFixtureCustomer(db, { stripeId: c.id, email: `nb-metered-${tag}@example.com`, name: "Metered" })).id;
});
afterAll(async () => {
  await run.close();
});

describe("getNextBill with a metered item", () => {
  it("the metered line is the usage so far with its Price; the page's words and tiers follow", async () => {
    const r = await getNextBill(db, { customerIds: [customerId], stripe });
    if (r.state !== "ok") throw new Error("expected ok");
    const [bill] = r.bills;
    const line = bill.lines.find((l) => l.price?.usageType === "metered")!;
    expect(bill.lines).toHaveLength(1);
    expect(line).toMatchObject({ quantity: "12000", amount: 1000n, periodStart: new Date(MAR * 1000), periodEnd: new Date(Date.UTC(2027, 3, 1)) });
    expect(lineUsageView(createT("en"), "en", line, line.price ?? null, bill.currency, { soFar: true })).toEqual({
      usage: "Usage so far, 1 Mar – 31 Mar: 12,000 API calls",
      tiers: ["Tier 1 (1–10,000): 10,000 × US$0.00 = US$0.00", "Tier 2 (10,001 and above): 2,000 × US$0.005 = US$10.00"],
    });
    expect(line.price).toMatchObject({ usageType: "metered", productName: "API calls" });
  });
});
