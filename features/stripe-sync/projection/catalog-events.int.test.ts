// Prices reach Settle the way Stripe announces them (price.created / price.updated webhooks), so
// staff can contract a tariff for a price without a manual resync first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { drainEvents } from "../processor/process-events";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 23 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => { await world.close(); await closeDb(); });
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});

describe("catalog events", () => {
  it("a new price is projected from its webhook, with its product's name; a deactivated one stops being active", async () => {
    const product = await stripe.products.create({ name: "Team seats" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
    await world.emu.emulator.webhooks.flush();
    await drainEvents({ backoffMs: 10 });
    const db = await getDb();
    expect(await db.price.findUnique({ where: { id: price.id } })).toMatchObject({ productId: product.id, productName: "Team seats", currency: "usd", unitAmount: 1500n, recurringInterval: "month", active: true });
    await stripe.prices.update(price.id, { active: false });
    await world.emu.emulator.webhooks.flush();
    await drainEvents({ backoffMs: 10 });
    expect((await db.price.findUniqueOrThrow({ where: { id: price.id } })).active).toBe(false);
    const types = (await db.stripeEvent.findMany({ where: { type: { startsWith: "price." } }, select: { type: true } })).map((e) => e.type).sort();
    expect(types).toEqual(["price.created", "price.updated"]);
  });
});
