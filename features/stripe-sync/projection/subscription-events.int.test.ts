// Subscriptions reach Settle the way Stripe announces them (customer.subscription.* webhooks to
// the real webhook route, then the processor), and resync, replay and reconciliation keep them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { listSubscriptions } from "@/features/subscriptions/list-subscriptions";
import { drainEvents } from "../processor/process-events";
import { runReconciliation } from "../reconciliation/run-reconciliation";
import { hashProjections } from "../replay/hash-projections";
import { replayEvents } from "../replay/replay-events";
import { runResync } from "../resync/run-resync";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 16 });
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

async function sync() {
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
}

/** Two customers: A with a tiered seat plan (on trial) and a flat add-on, B with a flat plan. */
async function twoCustomers() {
  const team = await stripe.products.create({ name: "Team" });
  const support = await stripe.products.create({ name: "Priority support" });
  const seats = await stripe.prices.create({
    product: team.id,
    currency: "usd",
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers: [
      { up_to: 10, unit_amount: 1500 },
      { up_to: "inf", unit_amount: 1200 },
    ],
    recurring: { interval: "month" },
  });
  const addon = await stripe.prices.create({ product: support.id, currency: "usd", unit_amount: 4900, recurring: { interval: "month" } });
  const a = await stripe.customers.create({ email: "subs-a@example.test", name: "A" });
  const b = await stripe.customers.create({ email: "subs-b@example.test", name: "B" });
  for (const c of [a, b])
    await stripe.paymentMethods
      .attach("pm_card_visa", { customer: c.id })
      .then((pm) => stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } }));
  const subA = await stripe.subscriptions.create({
    customer: a.id,
    items: [
      { price: seats.id, quantity: 12 },
      { price: addon.id, quantity: 1 },
    ],
    trial_period_days: 14,
  });
  const subB = await stripe.subscriptions.create({
    customer: b.id,
    items: [{ price: addon.id, quantity: 2 }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  return { seats, addon, a, b, subA, subB };
}

const customerIdOf = async (stripeId: string) => (await (await getDb()).customer.findUniqueOrThrow({ where: { stripeId } })).id;

describe("subscription sync", () => {
  it("projects subscriptions and their items from customer.subscription.* webhooks, and follows updates and cancellation", async () => {
    const { seats, subA, subB } = await twoCustomers();
    await sync();
    const db = await getDb();
    const rowA = await db.subscription.findUniqueOrThrow({ where: { stripeId: subA.id }, include: { items: true } });
    expect(rowA).toMatchObject({ status: "trialing", currency: "usd", cancelAtPeriodEnd: false, endedAt: null });
    expect(rowA.trialEnd?.getTime()).toBe(subA.trial_end! * 1000);
    expect(rowA.items.map((i) => [i.priceId, i.quantity]).sort()).toEqual(subA.items.data.map((i) => [i.price.id, BigInt(i.quantity!)]).sort());
    // the period is the item's (API 2025-03-31)
    expect(rowA.items[0].currentPeriodEnd?.getTime()).toBe(subA.items.data[0].current_period_end * 1000);
    // the tiered price came as a parent, with its tiers (webhooks never carry them)
    expect((await db.price.findUniqueOrThrow({ where: { id: seats.id } })).tiers).toHaveLength(2);

    const seatItem = subA.items.data.find((i) => i.price.id === seats.id)!;
    await stripe.subscriptions.update(subA.id, { items: [{ id: seatItem.id, quantity: 15 }], cancel_at_period_end: true });
    await stripe.subscriptions.cancel(subB.id);
    await sync();
    const afterA = await db.subscription.findUniqueOrThrow({ where: { stripeId: subA.id }, include: { items: true } });
    expect(afterA.items.find((i) => i.stripeId === seatItem.id)?.quantity).toBe(15n);
    expect(afterA.cancelAtPeriodEnd).toBe(true);
    expect(afterA.cancelAt?.getTime()).toBe(seatItem.current_period_end * 1000);
    const afterB = await db.subscription.findUniqueOrThrow({ where: { stripeId: subB.id } });
    expect(afterB.status).toBe("canceled");
    expect(afterB.endedAt).not.toBeNull();
    const types = (await db.stripeEvent.findMany({ where: { type: { startsWith: "customer.subscription." } }, select: { type: true, status: true } }))
      .map((e) => `${e.type}:${e.status}`)
      .sort();
    expect(types).toEqual([
      "customer.subscription.created:PROCESSED",
      "customer.subscription.created:PROCESSED",
      "customer.subscription.deleted:PROCESSED",
      "customer.subscription.updated:PROCESSED",
    ]);
  });

  it("a customer sees only their own subscriptions", async () => {
    const { a, b, subA, subB } = await twoCustomers();
    await sync();
    const db = await getDb();
    const [idA, idB] = [await customerIdOf(a.id), await customerIdOf(b.id)];
    expect((await listSubscriptions(db, { customerIds: [idA] })).map((s) => s.stripeId)).toEqual([subA.id]);
    expect((await listSubscriptions(db, { customerIds: [idB] })).map((s) => s.stripeId)).toEqual([subB.id]);
    expect(await listSubscriptions(db, { customerIds: [] })).toEqual([]);
    expect(await listSubscriptions(db, { customerIds: ["no-such-customer"] })).toEqual([]);
    // A's view: 12 seats graduated (10 × 15.00 + 2 × 12.00 = 174.00) and the add-on 49.00, renewing at the trial's end
    const [viewA] = await listSubscriptions(db, { customerIds: [idA] });
    expect(viewA.renewal).toEqual({ date: new Date(subA.trial_end! * 1000), amount: 17_400n + 4_900n, incomplete: false });
    expect(viewA.items.find((i) => i.price.kind === "tiered")?.price).toMatchObject({
      kind: "tiered",
      mode: "graduated",
      tiers: [
        { from: 1n, upTo: 10n, unitAmountDecimal: "1500" },
        { from: 11n, upTo: null, unitAmountDecimal: "1200" },
      ],
    });
  });

  it("resync lists every subscription (canceled ones too), replay rebuilds them, reconciliation finds them equal and then a difference", async () => {
    const { subA, subB } = await twoCustomers();
    await stripe.subscriptions.cancel(subB.id);
    world.emu.emulator.webhooks.enabled = false; // nothing delivered: only the resync tells Settle
    await world.emu.emulator.webhooks.flush();
    const result = await runResync(await getDb());
    // the emulator keeps the earlier tests' subscriptions too: all of them are listed
    const inStripe = (await stripe.subscriptions.list({ status: "all", limit: 100 })).data.length;
    expect(result.resources.subscriptions).toBe(inStripe);
    await drainEvents(await getDb(), { backoffMs: 10 });
    const db = await getDb();
    const rows = await db.subscription.findMany({ where: { stripeId: { in: [subA.id, subB.id] } }, include: { items: true } });
    expect(rows.map((s) => [s.stripeId, s.status, s.items.length]).sort()).toEqual(
      [
        [subA.id, "trialing", 2],
        [subB.id, "canceled", 1],
      ].sort(),
    );
    expect(await db.subscription.count()).toBe(inStripe);

    const live = await hashProjections(await getDb());
    expect(live.tables.Subscription.rows).toBe(inStripe);
    await replayEvents(await getDb(), { reset: false });
    expect((await hashProjections(await getDb())).hash).toBe(live.hash);
    await replayEvents(await getDb(), { reset: true });
    expect((await hashProjections(await getDb())).hash).toBe(live.hash);

    const clean = await runReconciliation(await getDb());
    expect(clean.differences.filter((d) => d.entityType === "subscription")).toEqual([]);
    // a quantity Settle got wrong is reported, item by item
    const item = await db.subscriptionItem.findFirstOrThrow({ where: { subscription: { stripeId: subA.id } } });
    await db.subscriptionItem.update({ where: { id: item.id }, data: { quantity: 99n } });
    await db.subscription.update({ where: { stripeId: subB.id }, data: { status: "active" } });
    const dirty = await runReconciliation(await getDb());
    const fields = dirty.differences.filter((d) => d.entityType === "subscription").map((d) => `${d.stripeId}:${d.field}`);
    expect(fields.sort()).toEqual([`${subA.id}:items`, `${subB.id}:status`].sort());
  });

  it("a stale snapshot does not undo a cancellation", async () => {
    const { subB } = await twoCustomers();
    await sync();
    await stripe.subscriptions.cancel(subB.id);
    await sync();
    const db = await getDb();
    // the creation event delivered again, late: its snapshot (active) is older than the cancellation
    const created = await db.stripeEvent.findFirstOrThrow({ where: { type: "customer.subscription.created", objectId: subB.id } });
    const { applyObjects } = await import("./apply-objects");
    await db.$transaction((tx) =>
      applyObjects(
        tx,
        [{ kind: "subscription", object: { ...(created.payload as { data: { object: object } }).data.object } as never }],
        created.stripeCreated,
      ),
    );
    expect((await db.subscription.findUniqueOrThrow({ where: { stripeId: subB.id } })).status).toBe("canceled");
  });
});
