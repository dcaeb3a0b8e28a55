import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { inboxPool } from "@/lib/pg-pool";
import { writeInboxRow, type InboxRow } from "./inbox-writer";
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
