import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { inboxPool } from "@/lib/pg-pool";
import { poolInboxWriter, writeInboxRow, type InboxRow } from "./inbox-writer";
import { prismaInboxWriter, storeEvent } from "./store-event";
import { resetSyncTables } from "../testing/harness";

const row = (id: string, payload = JSON.stringify({ id })): InboxRow => ({
  id,
  type: "invoice.updated",
  objectType: "invoice",
  objectId: "in_x",
  apiVersion: null,
  livemode: false,
  created: 1_700_000_000,
  payload,
  source: "webhook",
});

beforeEach(async () => {
  await resetSyncTables();
});
afterAll(async () => {
  await closeDb();
});

describe("inbox writer (group commit)", () => {
  it("many concurrent writes with duplicates: one row per id, exactly one caller told 'inserted', all committed on resolve", async () => {
    const pool = inboxPool()!;
    const ids = Array.from({ length: 300 }, (_, i) => `evt_gc_${i % 240}`); // 60 duplicates
    const results = await Promise.all(ids.map((id) => writeInboxRow(pool, row(id))));
    const db = await getDb();
    expect(await db.stripeEvent.count()).toBe(240);
    const insertedPerId = new Map<string, number>();
    ids.forEach((id, i) => insertedPerId.set(id, (insertedPerId.get(id) ?? 0) + (results[i] ? 1 : 0)));
    expect([...insertedPerId.values()].every((n) => n === 1)).toBe(true);
    // An id already stored is a duplicate for a later batch too.
    expect(await writeInboxRow(pool, row("evt_gc_0"))).toBe(false);
  });

  it("one bad row fails alone; its neighbours in the same batch are stored", async () => {
    const pool = inboxPool()!;
    const writes = Array.from({ length: 50 }, (_, i) => writeInboxRow(pool, i === 25 ? row("evt_bad", "{not json") : row(`evt_ok_${i}`)));
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === "rejected")).toHaveLength(1);
    expect(settled[25].status).toBe("rejected");
    expect(await (await getDb()).stripeEvent.count()).toBe(49);
  });
});

describe("the inbox writers the intake composition chooses between", () => {
  it("the pool's and Prisma's store the same row, and both answer a duplicate with false", async () => {
    const db = await getDb();
    const event = { id: "evt_writer_a", type: "invoice.paid", created: 1_700_000_000, livemode: false, data: { object: { id: "in_w", object: "invoice" } } };
    const raw = JSON.stringify(event);
    const writers = { pool: poolInboxWriter(inboxPool()!), prisma: prismaInboxWriter(db) };
    for (const [name, write] of Object.entries(writers)) {
      const id = `${event.id}_${name}`;
      const body = raw.replace(event.id, id);
      expect(await storeEvent(write, { ...event, id }, body, "webhook")).toBe(true);
      expect(await storeEvent(write, { ...event, id }, body, "webhook")).toBe(false);
    }
    const rows = await db.stripeEvent.findMany({ orderBy: { id: "asc" } });
    const shape = (r: (typeof rows)[number]) => [r.type, r.objectType, r.objectId, r.livemode, r.stripeCreated.toISOString(), r.source, r.status];
    expect(rows.map((r) => r.id)).toEqual(["evt_writer_a_pool", "evt_writer_a_prisma"]);
    expect(shape(rows[1])).toEqual(shape(rows[0]));
    expect(shape(rows[0])).toEqual(["invoice.paid", "invoice", "in_w", false, new Date(1_700_000_000_000).toISOString(), "webhook", "PENDING"]);
  });
});
