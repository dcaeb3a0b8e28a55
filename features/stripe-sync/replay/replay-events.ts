import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { lockKeyOf } from "../projection/apply-objects";
import { applyEventsReduced } from "./apply-batch";
import { PROJECTION_TABLES, quoteTables } from "../projection/tables";
import { RESYNC_EVENT_TYPE } from "../events/resolve-event";
import type { AppliedObject, Tx } from "../types";

// Settle's own data that points at projection rows: a reset would orphan or cascade into it.
const DEPENDENTS = ["UserCustomer", "Tariff", "Dispute", "DisputedLine", "Recalculation", "Correction", "Finding"];
const GUARDED = ["Invoice", "PaymentIntent", "Charge", "Refund", "CreditNote", "Chargeback", "Subscription"];

const eventAtOf = (ev: ReplayRow) => (ev.type === RESYNC_EVENT_TYPE ? null : ev.stripeCreated);

/** One batch, in processing order (apply-batch.ts applyEventsReduced). */
const applyBatch = (tx: Tx, batch: ReplayRow[]) =>
  applyEventsReduced(
    tx,
    batch.map((ev) => ({ appliedObjects: ev.appliedObjects, eventAt: eventAtOf(ev) })),
  );

export interface ReplayResult {
  events: number;
  ms: number;
  reset: boolean;
}
interface ReplayRow {
  id: string;
  type: string;
  stripeCreated: Date;
  at: string;
  appliedObjects: AppliedObject[];
}

/**
 * Rebuilds every projection from the inbox alone, in the order live sync applied it, from the
 * objects it applied (complete invoices with all lines, parents it fetched). No API call.
 * reset=true empties the projections first (refused while Settle data points at them);
 * reset=false re-applies over them, keeping row ids so disputes keep their references.
 */
export type ReplayOptions = { reset?: boolean; batchSize?: number; onBatch?: (progress: { events: number; ms: number }) => void };

export async function replayEvents(db: Db, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const reset = opts.reset ?? true;
  const started = Date.now();
  if (reset) {
    await db.$transaction(async (tx) => {
      // Lock the dependents so nothing starts pointing at a projection between check and truncate.
      await tx.$executeRawUnsafe(`LOCK TABLE ${DEPENDENTS.map((t) => `"${t}"`).join(", ")} IN SHARE MODE`);
      for (const t of DEPENDENTS) {
        const [{ n }] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}"`);
        if (n > 0) throw new AppError("replay_blocked", `Cannot reset projections: ${t} has ${n} rows that reference them. Replay without reset instead.`, 409);
      }
      // CASCADE only reaches the dependents checked empty above.
      await tx.$executeRawUnsafe(`TRUNCATE ${quoteTables(PROJECTION_TABLES)} CASCADE`);
    });
  } else {
    // Forget the staleness marks so the replayed order decides again.
    for (const t of GUARDED) await db.$executeRawUnsafe(`UPDATE "${t}" SET "lastEventAt" = NULL`);
  }
  const batchSize = opts.batchSize ?? 1000;
  // Keyset cursor over the (processedAt, id) index. processedAt travels as its exact text form
  // (microseconds, no time zone) so no Date conversion can shift or round it.
  let after: { at: string; id: string } | null = null;
  let events = 0;
  let batches = 0;
  for (;;) {
    const from: Prisma.Sql = after ? Prisma.sql`AND ("processedAt", id) > (${after.at}::timestamp, ${after.id})` : Prisma.empty;
    const batch: ReplayRow[] = await db.$queryRaw<ReplayRow[]>`
      SELECT id, type, "stripeCreated", "processedAt"::text AS at, "appliedObjects"
        FROM "StripeEvent"
       WHERE status = 'PROCESSED' AND "appliedObjects" IS NOT NULL AND "processedAt" IS NOT NULL ${from}
       ORDER BY "processedAt", id
       LIMIT ${batchSize}`;
    if (!batch.length) break;
    await db.$transaction(
      async (tx) => {
        // Every object of the batch locked at once, in sorted order (as applyObjects would one
        // event at a time): one round trip per batch instead of one per event.
        const keys = [...new Set(batch.flatMap((ev) => ev.appliedObjects.map(lockKeyOf)))].sort();
        await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) s`;
        await applyBatch(tx, batch);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    events += batch.length;
    batches += 1;
    opts.onBatch?.({ events, ms: Date.now() - started });
    const last: ReplayRow = batch[batch.length - 1];
    after = { at: last.at, id: last.id };
    // The truncated projections start without statistics, and plans made for empty tables
    // (sequential scans) stay cached: a lookup by line or invoice then read the whole table, so
    // replay slowed down as it grew. Refresh them as the tables grow (1, 4, 16, 64 … batches).
    if (reset && (batches & (batches - 1)) === 0 && Math.log2(batches) % 2 === 0) {
      await db.$executeRawUnsafe(`ANALYZE ${quoteTables(PROJECTION_TABLES)}`);
    }
  }
  const result = { events, ms: Date.now() - started, reset };
  logger.info(result, "replay finished");
  return result;
}
