import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { applyObjects, lockKeyOf } from "../projection/apply-objects";
import { idOf } from "../convert";
import { foldInvoiceEvents, UNFOLDABLE, type FoldedInvoice, type InvoiceApplication, type InvoiceState } from "./fold-invoice-events";
import { writeFoldedInvoice } from "../projection/project-invoice";
import { PROJECTION_TABLES, quoteTables } from "../projection/tables";
import { RESYNC_EVENT_TYPE } from "../events/resolve-event";
import type { AppliedObject, Tx } from "../types";

// Settle's own data that points at projection rows: a reset would orphan or cascade into it.
const DEPENDENTS = ["UserCustomer", "Tariff", "Dispute", "DisputedLine", "Recalculation", "Correction", "Finding"];
const GUARDED = ["Invoice", "PaymentIntent", "Charge", "Refund", "CreditNote", "Chargeback", "Subscription"];

const FOLDABLE = new Set<AppliedObject["kind"]>(["invoice", "customer", "price"]);
const eventAtOf = (ev: ReplayRow) => (ev.type === RESYNC_EVENT_TYPE ? null : ev.stripeCreated);

async function applyEvents(tx: Tx, events: ReplayRow[], known: Set<string>, skip?: (a: AppliedObject) => boolean) {
  for (const ev of events) {
    const objects = skip ? ev.appliedObjects.filter((a) => !skip(a)) : ev.appliedObjects;
    if (objects.length) await applyObjects(tx, objects, eventAtOf(ev), { known, locked: true });
  }
}

/**
 * Events that touch only invoices, customers and prices: customers and prices apply in order as
 * usual; each invoice's snapshots are folded with projectInvoice's rules (fold-invoice-events)
 * and written once, after its customer exists (an invoice the fold cannot decide applies event by
 * event in place). Customers, prices and other invoices never read an invoice, so writing the
 * folded ones last leaves the same rows as applying them in place.
 */
async function applyFolded(tx: Tx, events: ReplayRow[], known: Set<string>) {
  const apps = new Map<string, InvoiceApplication[]>();
  for (const ev of events) {
    for (const a of ev.appliedObjects) {
      if (a.kind !== "invoice") continue;
      const list = apps.get(a.object.id) ?? [];
      list.push({ inv: a.object, rates: a.taxRates ?? {}, eventAt: eventAtOf(ev), parentOnly: a.parentOnly === true });
      apps.set(a.object.id, list);
    }
  }
  if (!apps.size) return applyEvents(tx, events, known);
  const rows = await tx.$queryRaw<(InvoiceState & { stripeId: string })[]>`
    SELECT i."stripeId", i.status::text AS status, i."lastEventAt", i."amountPaid",
           EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i.id) AS "hasLines"
      FROM "Invoice" i WHERE i."stripeId" = ANY(${[...apps.keys()]}::text[])`;
  const start = new Map(rows.map((r) => [r.stripeId, r]));
  const folded = new Map<string, FoldedInvoice | null>();
  for (const [id, list] of apps) {
    const f = foldInvoiceEvents(start.get(id) ?? null, list);
    if (f !== UNFOLDABLE) folded.set(id, f);
  }
  // Unfoldable invoices apply in place, event by event, with the customers and prices.
  await applyEvents(tx, events, known, (a) => a.kind === "invoice" && folded.has(a.object.id));
  // Their customers exist now: one lookup for all instead of one per invoice.
  const customers = [...new Set([...folded.values()].map((f) => idOf(f?.inv.customer)).filter((c): c is string => !!c))];
  const customerIds = new Map(
    (await tx.$queryRaw<{ stripeId: string; id: string }[]>`SELECT "stripeId", id FROM "Customer" WHERE "stripeId" = ANY(${customers}::text[])`).map((r) => [
      r.stripeId,
      r.id,
    ]),
  );
  for (const [id, f] of folded) {
    if (f) await writeFoldedInvoice(tx, f, customerIds.get(idOf(f.inv.customer) ?? ""));
    known.add(`invoice:${id}`);
  }
}

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
  // Objects written so far in this replay: a later event bringing one as a parent skips the
  // existence check (parents only insert when missing, and these exist now).
  const known = new Set<string>();
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
        // Runs of events that touch only invoices, customers and prices fold each invoice's
        // snapshots in memory (nothing else reads invoices in between); other events apply one by one.
        for (let i = 0; i < batch.length;) {
          let j = i;
          while (j < batch.length && batch[j].appliedObjects.every((a) => FOLDABLE.has(a.kind))) j++;
          if (j === i) {
            await applyEvents(tx, [batch[i]], known);
            i += 1;
          } else {
            await applyFolded(tx, batch.slice(i, j), known);
            i = j;
          }
        }
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
