// The inbox retention policy: after N days a handled event's payload is cut to what sync still
// reads, after M days the handled events replay does not read are deleted; replay rebuilds the
// same projections from what is left, and nothing unhandled is touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { generateScenario } from "@/stripe-emulator/scenario";
import { drainEvents } from "../processor/process-events";
import { hashProjections } from "../replay/hash-projections";
import { replayEvents } from "../replay/replay-events";
import { pruneInbox } from "./prune-inbox";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";

let world: SyncWorld;
const DAY = 86_400_000;

beforeAll(async () => {
  await resetSyncTables();
  world = await startWorld({ seed: 2318 });
  generateScenario(world.emu.emulator, { seed: 2318, invoices: 30, deliverWebhooks: true });
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
}, 300_000);

afterAll(async () => {
  await world.close();
  await closeDb();
});

describe("pruning the event inbox", () => {
  it("compacts old payloads, deletes what replay does not read, and replay still rebuilds the same projections", async () => {
    const db = await getDb();
    const live = await hashProjections(await getDb());
    const events = await db.stripeEvent.findMany({ select: { id: true, status: true, appliedObjects: true, payload: true }, orderBy: { id: "asc" } });
    const applied = events.filter((e) => e.status === "PROCESSED" && e.appliedObjects !== null);
    const settled = events.filter((e) => e.status === "PROCESSED" && e.appliedObjects === null);
    expect(applied.length).toBeGreaterThan(30);
    expect(settled.length).toBeGreaterThan(0);
    expect(events.some((e) => (e.payload as { data: { object: { object: string } } }).data.object.object === "invoice_payment")).toBe(true);

    // Ages: a third received 100 days ago, a third 20 days ago, the rest today; plus an old failed and an old pending event.
    const ids = events.map((e) => e.id);
    const old = ids.filter((_, i) => i % 3 === 0);
    const middle = ids.filter((_, i) => i % 3 === 1);
    await db.$executeRaw`UPDATE "StripeEvent" SET "receivedAt" = "receivedAt" - interval '100 days' WHERE id = ANY(${old}::text[])`;
    await db.$executeRaw`UPDATE "StripeEvent" SET "receivedAt" = "receivedAt" - interval '20 days' WHERE id = ANY(${middle}::text[])`;
    const stale = {
      type: "invoice.paid",
      stripeCreated: new Date(),
      payload: { id: "x", data: { object: { id: "in_x", lines: { data: [] } } } },
      receivedAt: new Date(Date.now() - 200 * DAY),
    };
    await db.stripeEvent.createMany({
      data: [
        { id: "evt_prune_failed", status: "FAILED", ...stale },
        { id: "evt_prune_pending", status: "PENDING", nextAttemptAt: new Date(Date.now() + DAY), ...stale },
      ],
    });
    const before = new Map((await db.stripeEvent.findMany()).map((e) => [e.id, e]));
    const sizes = async () =>
      (
        await db.$queryRaw<{ n: number; row: number; payload: number; applied: number }[]>`
          SELECT count(*)::int AS n, avg(pg_column_size(e.*))::float8 AS row, avg(pg_column_size(payload))::float8 AS payload,
                 avg(coalesce(pg_column_size("appliedObjects"), 0))::float8 AS applied FROM "StripeEvent" e WHERE id LIKE 'evt_%' AND id NOT LIKE 'evt_prune_%'`
      )[0];
    const sizeBefore = await sizes();

    await expect(pruneInbox(await getDb(), { compactAfterDays: 2 })).rejects.toThrow(/at least/);
    await expect(pruneInbox(await getDb(), { deleteAfterDays: 10 })).rejects.toThrow(/at least/);
    // A daily run compacts the recent part only (older events were compacted by earlier runs) …
    const daily = await pruneInbox(await getDb(), { batchSize: 7 });
    const afterDaily = new Map((await db.stripeEvent.findMany()).map((e) => [e.id, e]));
    for (const id of middle)
      if (afterDaily.has(id) && afterDaily.get(id)!.status === "PROCESSED") expect(afterDaily.get(id)!.payload).toHaveProperty("settle_compacted", true);
    for (const id of old) if (afterDaily.has(id)) expect(afterDaily.get(id)!.payload).toEqual(before.get(id)!.payload);
    // … the first run over an inbox never pruned compacts everything old enough.
    const first = await pruneInbox(await getDb(), { batchSize: 7, full: true });
    const r = { deleted: daily.deleted + first.deleted, compacted: daily.compacted + first.compacted };
    expect(first.deleted).toBe(0);
    const after = new Map((await db.stripeEvent.findMany()).map((e) => [e.id, e]));

    const oldSettled = settled.filter((e) => old.includes(e.id)).map((e) => e.id);
    expect(r.deleted).toBe(oldSettled.length + events.filter((e) => e.status === "IGNORED" && old.includes(e.id)).length);
    for (const id of oldSettled) expect(after.has(id)).toBe(false);
    for (const e of events) {
      const now = after.get(e.id);
      const was = before.get(e.id)!;
      if (!now) continue;
      // replay's input is never changed
      expect(now.appliedObjects).toEqual(was.appliedObjects);
      const payload = now.payload as { settle_compacted?: boolean; type: string; data: { object: Record<string, unknown> } };
      if (old.includes(e.id) || middle.includes(e.id)) {
        expect(payload.settle_compacted).toBe(true);
        const full = (was.payload as { data: { object: Record<string, unknown> } }).data.object;
        // what the refetch decision reads of a same-second event survives
        expect(payload.type).toBe(was.type);
        expect(payload.data.object.id).toBe(full.id);
        expect(payload.data.object.status ?? null).toBe(full.status ?? null);
        expect(payload.data.object.amount_paid ?? null).toBe(full.amount_paid ?? null);
        expect(Object.keys(payload.data.object).length).toBeLessThanOrEqual(6);
      } else {
        expect(now.payload).toEqual(was.payload);
      }
    }
    expect(r.compacted).toBe([...after.values()].filter((e) => (e.payload as { settle_compacted?: boolean }).settle_compacted).length);
    // Unhandled events are kept whole, however old.
    expect(after.get("evt_prune_failed")!.payload).toEqual(stale.payload);
    expect(after.get("evt_prune_pending")!.payload).toEqual(stale.payload);

    if (process.env.PRUNE_DEBUG) console.log(JSON.stringify({ before: sizeBefore, after: await sizes() }));
    // A second run has nothing left to do.
    expect(await pruneInbox(await getDb(), { full: true })).toMatchObject({ compacted: 0, deleted: 0 });

    // Replay rebuilds the same projections from the pruned inbox.
    await db.stripeEvent.deleteMany({ where: { id: { in: ["evt_prune_failed", "evt_prune_pending"] } } });
    await replayEvents(await getDb(), { reset: true });
    expect((await hashProjections(await getDb())).hash).toBe(live.hash);
  }, 300_000);
});
