import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { metrics } from "@/lib/metrics/registry";
import { drainEvents, processEventBatch } from "./process-events";
import { countingDb, postSigned, resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { stripeSource, type ObjectSource } from "../events/stripe-source";
import { apiClient, paidInvoice } from "../testing/billing";

// The group path (apply-group.ts): a batch's snapshot-decided events applied and settled in one
// transaction, all or nothing, with the per-event path as its fallback.

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld();
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = false;
});

/** Three paid invoices of three customers; the customers synced; each invoice's invoice.paid event (not delivered yet). */
async function threePaidInvoices() {
  const invoices = [];
  for (let i = 0; i < 3; i++) invoices.push((await paidInvoice(stripe, { lines: 2 })).invoice);
  const events: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ limit: 100 })) events.push(e);
  events.reverse();
  const ids = new Set(invoices.map((i) => i.customer as string));
  for (const e of events.filter((e) => e.type === "customer.created" && ids.has((e.data.object as { id: string }).id))) await postSigned(e);
  await drainEvents(await getDb(), { backoffMs: 10 });
  const paid = invoices.map((inv) => events.find((e) => e.type === "invoice.paid" && (e.data.object as { id: string }).id === inv.id)!);
  expect(paid.every(Boolean)).toBe(true);
  return { invoices, paid };
}

describe("snapshot-decided events of a batch in one transaction", () => {
  it("three invoices' snapshots: one transaction, each event settled once with its own applied objects", async () => {
    const { invoices, paid } = await threePaidInvoices();
    for (const e of paid) expect((await postSigned(e)).status).toBe(200);
    const db = await getDb();
    const counting = countingDb(db);
    const r = await processEventBatch(counting.db, { refetch: "decide" });
    expect(r).toMatchObject({ claimed: 3, processed: 3, retried: 0, failed: 0 });
    expect(counting.transactions()).toBe(1);
    const rows = await db.stripeEvent.findMany({ where: { id: { in: paid.map((e) => e.id) } } });
    for (const row of rows) {
      expect(row).toMatchObject({ status: "PROCESSED", attempts: 1, lockedUntil: null });
      // each event stores what it applied, its own invoice (replay applies it from there)
      const applied = row.appliedObjects as { kind: string; object: { id: string } }[];
      expect(applied.map((a) => `${a.kind}:${a.object.id}`)).toEqual([`invoice:${(paid.find((e) => e.id === row.id)!.data.object as { id: string }).id}`]);
    }
    // replay applies them in (processedAt, id) order: distinct times, in claim order
    const byClaim = [...rows].sort((a, b) => a.stripeCreated.getTime() - b.stripeCreated.getTime() || (a.id < b.id ? -1 : 1)).map((r) => r.id);
    const byProcessed = [...rows].sort((a, b) => a.processedAt!.getTime() - b.processedAt!.getTime()).map((r) => r.id);
    expect(byProcessed).toEqual(byClaim);
    expect(new Set(rows.map((r) => r.processedAt!.getTime())).size).toBe(3);
    for (const inv of invoices) {
      const row = await db.invoice.findUniqueOrThrow({ where: { stripeId: inv.id } });
      expect(row.status).toBe("PAID");
      expect(row.amountPaid).toBe(BigInt(inv.amount_paid));
    }
  });

  it("a claim lost inside the group: nothing of the group commits, the others apply one by one, the lost one is applied once by its new owner", async () => {
    const { invoices, paid } = await threePaidInvoices();
    for (const e of paid) expect((await postSigned(e)).status).toBe(200);
    const db = await getDb();
    const victim = paid[1];
    const victimInvoice = invoices[1].id;
    // Another processor re-claims the victim (its lock expired) while this one resolves the group.
    const base = stripeSource(stripe);
    let stolen = false;
    const source: ObjectSource = {
      ...base,
      complete: async (kind, object) => {
        if (!stolen && kind === "invoice" && object.id === victimInvoice) {
          stolen = true;
          await db.$executeRaw`UPDATE "StripeEvent" SET attempts = attempts + 1, "lockedUntil" = (now() AT TIME ZONE 'UTC') + interval '1 hour' WHERE id = ${victim.id}`;
        }
        return base.complete(kind, object);
      },
    };
    const counting = countingDb(db);
    metrics().refetchDecisions.reset();
    const r = await processEventBatch(counting.db, { refetch: "decide", source });
    expect(stolen).toBe(true);
    // Each event's decision counted once, though the group's three were planned again one by one.
    const decided = (await metrics().refetchDecisions.get()).values.reduce((n, v) => n + v.value, 0);
    expect(decided).toBe(3);
    // the group (rolled back), then each event in its own: two commit, the lost one does not
    expect(counting.transactions()).toBe(4);
    expect(r).toMatchObject({ claimed: 3, processed: 2, retried: 0, failed: 0 });
    const victimRow = await db.stripeEvent.findUniqueOrThrow({ where: { id: victim.id } });
    expect(victimRow).toMatchObject({ status: "PROCESSING", attempts: 2, appliedObjects: null });
    // not applied by the processor that lost it: its invoice is not projected yet
    expect(await db.invoice.count({ where: { stripeId: victimInvoice } })).toBe(0);
    for (const e of [paid[0], paid[2]])
      expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ status: "PROCESSED", attempts: 1 });
    for (const inv of [invoices[0], invoices[2]]) expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: inv.id } })).status).toBe("PAID");

    // Its new owner dies too; the lock expires and the event is claimed and applied, once.
    await db.$executeRaw`UPDATE "StripeEvent" SET "lockedUntil" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE id = ${victim.id}`;
    const again = await drainEvents(db, { refetch: "decide", backoffMs: 10 });
    expect(again).toMatchObject({ processed: 1, failed: 0 });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: victim.id } })).toMatchObject({ status: "PROCESSED", attempts: 3 });
    const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: victimInvoice } });
    expect(inv.status).toBe("PAID");
    expect(inv.amountPaid).toBe(BigInt(invoices[1].amount_paid));
  });
});
