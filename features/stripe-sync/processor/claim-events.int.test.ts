import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createThrowawayDatabase } from "@/lib/testing/throwaway-database";
import { CLAIM_EVENTS_SQL } from "./claim-events";

// The claim must not read the whole inbox: at month end it holds hundreds of thousands of
// pending events (deliveries outrun projection), and a claim that sorts them all slows the
// processor exactly when it is behind. Its own database: 60,000 rows would disturb the other
// files' inbox.
type Plan = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: Plan[] };
const nodes = (p: Plan): Plan[] => [p, ...(p.Plans ?? []).flatMap(nodes)];

let client: pg.Client;
let drop: () => Promise<void>;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  const db = await createThrowawayDatabase("settle_claim");
  process.env.DATABASE_URL = savedUrl; // this file talks to it through `client` only
  drop = db.drop;
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // 60,000 events of 7,500 invoices (8 each), the oldest 6,000 processed, the rest pending.
  await client.query(`INSERT INTO "StripeEvent"(id, type, "objectId", "stripeCreated", payload, status, "nextAttemptAt")
    SELECT 'evt_' || lpad(g::text, 6, '0'), 'invoice.updated', 'in_' || (g / 8), timestamp '2026-12-01' + g * interval '1 ms', '{}'::jsonb,
           CASE WHEN g <= 6000 THEN 'PROCESSED'::"EventStatus" ELSE 'PENDING'::"EventStatus" END, timestamp '2026-11-30'
      FROM generate_series(1, 60000) g`);
  await client.query(`ANALYZE "StripeEvent"`);
}, 60_000);
afterAll(async () => {
  await client?.end();
  await drop?.();
});

describe("claiming events from a large inbox", () => {
  it("walks the unsettled events in order through the partial index instead of scanning the inbox", async () => {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${CLAIM_EVENTS_SQL}`, [25, 60]);
      const plan = nodes((rows[0]["QUERY PLAN"] as { Plan: Plan }[])[0].Plan);
      const onInbox = plan.filter((n) => n["Relation Name"] === "StripeEvent");
      expect(onInbox.some((n) => n["Index Name"] === "StripeEvent_unsettled_order_idx")).toBe(true);
      expect(onInbox.filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
      expect(plan.some((n) => n["Node Type"] === "Sort")).toBe(false);
    } finally {
      await client.query("ROLLBACK");
    }
  });

  it("the inbox is analysed and vacuumed as a queue, so the planner's picture of what is pending keeps up", async () => {
    const { rows } = await client.query<{ opts: string[] }>(`SELECT reloptions AS opts FROM pg_class WHERE relname = 'StripeEvent'`);
    expect(rows[0].opts).toEqual(expect.arrayContaining(["autovacuum_analyze_scale_factor=0.01", "autovacuum_vacuum_scale_factor=0.02"]));
  });

  it("claims the oldest pending event of each object, one per object, in order", async () => {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ id: string; objectId: string; attempts: number }>(CLAIM_EVENTS_SQL, [5, 60]);
      // evt_006001 (in_750) is the oldest pending; in_750's later events wait for it.
      expect(rows.map((r) => r.id).sort()).toEqual(["evt_006001", "evt_006008", "evt_006016", "evt_006024", "evt_006032"]);
      expect(new Set(rows.map((r) => r.objectId)).size).toBe(5);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
