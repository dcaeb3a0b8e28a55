// Prices reach Settle the way Stripe announces them (price.created / price.updated webhooks), so
// staff can contract a tariff for a price without a manual resync first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { loadInvoiceDocs } from "@/features/billing-audit/load-invoice-docs";
import { lineMath } from "@/features/billing-audit/rules/line-math";
import { context } from "@/features/billing-audit/testing/context";
import { drainEvents } from "../processor/process-events";
import { runResync } from "../resync/run-resync";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 23 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});

describe("catalog events", () => {
  it("a new price is projected from its webhook, with its product's name; a deactivated one stops being active", async () => {
    const product = await stripe.products.create({ name: "Team seats" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const db = await getDb();
    expect(await db.price.findUnique({ where: { id: price.id } })).toMatchObject({
      productId: product.id,
      productName: "Team seats",
      currency: "usd",
      unitAmount: 1500n,
      recurringInterval: "month",
      active: true,
    });
    await stripe.prices.update(price.id, { active: false });
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    expect((await db.price.findUniqueOrThrow({ where: { id: price.id } })).active).toBe(false);
    const types = (await db.stripeEvent.findMany({ where: { type: { startsWith: "price." } }, select: { type: true } })).map((e) => e.type).sort();
    expect(types).toEqual(["price.created", "price.updated"]);
  });

  it("a metered price keeps its usage_type and meter; a licensed one is licensed with no meter", async () => {
    const meter = await stripe.billing.meters.create({ display_name: "API calls", event_name: "api_call_projection", default_aggregation: { formula: "sum" } });
    const metered = await stripe.prices.create({
      currency: "usd",
      unit_amount: 1,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      product_data: { name: "API calls" },
    });
    const seats = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Seats" } });
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const db = await getDb();
    expect(await db.price.findUnique({ where: { id: metered.id } })).toMatchObject({ usageType: "metered", meterId: meter.id, recurringInterval: "month" });
    expect(await db.price.findUnique({ where: { id: seats.id } })).toMatchObject({ usageType: "licensed", meterId: null });
  });

  it("package and tiered prices keep their scheme; a synced package line is priced by it, not accused by line_math", async () => {
    const product = await stripe.products.create({ name: "Usage" });
    const pkg = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000, transform_quantity: { divide_by: 100, round: "up" } });
    const tiered = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      billing_scheme: "tiered",
      tiers_mode: "volume",
      tiers: [
        { up_to: 5, unit_amount: 500 },
        { up_to: "inf", unit_amount: 400 },
      ],
      recurring: { interval: "month" },
    });
    const customer = await stripe.customers.create({ email: "package@catalog.test" });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: pkg.id }, quantity: 150 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: tiered.id }, quantity: 7 });
    await stripe.invoices.finalizeInvoice(draft.id!);
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const db = await getDb();
    expect(await db.price.findUnique({ where: { id: pkg.id } })).toMatchObject({
      billingScheme: "per_unit",
      tiersMode: null,
      transformQuantity: { divide_by: 100, round: "up" },
    });
    // the webhook's price has no tiers; the processor fetches the price with them expanded
    const tiersOf = [expect.objectContaining({ up_to: 5, unit_amount: 500 }), expect.objectContaining({ up_to: null, unit_amount: 400 })];
    expect(await db.price.findUnique({ where: { id: tiered.id } })).toMatchObject({ billingScheme: "tiered", tiersMode: "volume", tiers: tiersOf });
    const row = await db.invoice.findUniqueOrThrow({ where: { stripeId: draft.id }, select: { id: true } });
    const [inv] = await loadInvoiceDocs(db, [row.id]);
    expect(inv.lines[0]).toMatchObject({
      quantity: "150",
      unitAmountDecimal: "1000",
      amount: 2000n,
      price: { billingScheme: "per_unit", transformQuantity: { divideBy: 100, round: "up" } },
    });
    // volume: all 7 units at the second tier's 400
    expect(inv.lines[1]).toMatchObject({
      quantity: "7",
      amount: 2800n,
      price: { billingScheme: "tiered", tiersMode: "volume", tiers: [{ upTo: 5 }, { upTo: "inf" }] },
    });
    expect(lineMath(context({ invoice: inv }))).toEqual([]);
    expect(lineMath(context({ invoice: { ...inv, lines: [inv.lines[0], { ...inv.lines[1], amount: 3500n }] } }))[0]?.evidence).toMatchObject({
      expected: 2800n,
      basis: "price",
    });
    // a resync lists prices with their tiers expanded too
    await db.price.update({ where: { id: tiered.id }, data: { tiers: Prisma.DbNull } });
    await runResync(await getDb());
    await drainEvents(await getDb(), { backoffMs: 10 });
    expect((await db.price.findUniqueOrThrow({ where: { id: tiered.id } })).tiers).toEqual(tiersOf);
    // the same line as the projection held it before prices kept their scheme: a false finding
    expect(lineMath(context({ invoice: { ...inv, lines: inv.lines.map((l) => ({ ...l, price: null })) } }))).toHaveLength(1);
  });
});
