import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { drainEvents } from "../processor/process-events";
import { replayEvents } from "../replay/replay-events";
import { runResync } from "../resync/run-resync";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 16 });
  stripe = apiClient(world.emu.url);
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

async function lines(invoiceId: string) {
  const db = await getDb();
  const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoiceId }, include: { lines: { orderBy: { position: "asc" } } } });
  return inv.lines.map((l) => ({ stripeId: l.stripeId, proration: l.proration, sub: l.subscriptionId, si: l.subscriptionItemId, credited: l.creditedItems }));
}

describe("invoice lines keep their subscription item and credited items", () => {
  it("a seat upgrade invoiced at once (always_invoice): live, replayed and resynced alike", async () => {
    const product = await stripe.products.create({ name: "Team" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
    const customer = await stripe.customers.create({ email: "seats@lines.test" });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 10 }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const si = sub.items.data[0];
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: si.id, quantity: 12 }],
      proration_behavior: "always_invoice",
      proration_date: si.current_period_start + 12 * 86_400,
    });
    const proration = await stripe.invoices.retrieve(updated.latest_invoice as string);
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb(), { backoffMs: 10 });

    expect(await lines(first.id)).toEqual([{ stripeId: first.lines.data[0].id, proration: false, sub: sub.id, si: si.id, credited: null }]);
    const live = await lines(proration.id);
    expect(live).toHaveLength(2);
    const credit = live.find((l) => l.credited !== null)!;
    expect(credit).toMatchObject({ proration: true, sub: sub.id, si: si.id, credited: { invoice: first.id, invoice_line_items: [first.lines.data[0].id] } });
    expect(live.filter((l) => l.credited === null)).toEqual([expect.objectContaining({ proration: true, sub: sub.id, si: si.id })]);

    // the price keeps its recurring interval and count: what the explanation finds the period start from
    const db = await getDb();
    expect(await db.price.findUnique({ where: { id: price.id }, select: { recurringInterval: true, recurringIntervalCount: true } })).toEqual({
      recurringInterval: "month",
      recurringIntervalCount: 1,
    });

    await replayEvents(await getDb(), { reset: true });
    expect(await lines(proration.id)).toEqual(live);
    await resetSyncTables();
    await runResync(await getDb());
    await drainEvents(await getDb(), { backoffMs: 10 });
    expect(await lines(proration.id)).toEqual(live);
  });
});
