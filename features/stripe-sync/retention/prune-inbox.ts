import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";

// Retention of the event inbox (StripeEvent). What each reader needs of a handled event:
// - replay (replay/replay-events.ts) reads PROCESSED events that carry `appliedObjects`, in
//   (processedAt, id) order, and nothing else of them: not the payload, and no event without
//   appliedObjects (siblings settled by a fetch, coalesced snapshots, IGNORED events);
// - the refetch decision (processor/refetch-facts.ts) reads the object's other events: their
//   status, time, whether they carry appliedObjects, and, for events of the same second, the
//   delivered object's status and amounts. Stripe retries a delivery for up to three days
//   (https://docs.stripe.com/webhooks#retries), so after that no delivery is late enough to meet
//   an event of that age except through the resync's list of undelivered events;
// - intake deduplicates by event id, and the resync lists the events Stripe could not deliver,
//   which it keeps for 30 days (https://docs.stripe.com/api/events/list: "events going back 30 days").
// So: after `compactAfterDays` the payload of a handled event is cut to the envelope and the
// fields the same-second rule reads (a comparison against it then counts as "differs", which
// only ever fetches); after `deleteAfterDays` handled events that replay does not read are
// deleted. Events that replay reads keep their appliedObjects; FAILED, PENDING and PROCESSING
// events are never touched.

export const MIN_COMPACT_AFTER_DAYS = 4; // past Stripe's three days of delivery retries
export const MIN_DELETE_AFTER_DAYS = 31; // past the 30 days of events Stripe lists (resync, dedupe)

export interface PruneInboxOptions {
  db?: Db;
  /** Keep full payloads this many days after receipt (default 7). */
  compactAfterDays?: number;
  /** Delete handled events that replay does not read this many days after receipt (default 90: the billing-audit dashboard charts 12 weeks of inbox counts). */
  deleteAfterDays?: number;
  /**
   * Compact every handled event older than compactAfterDays. By default only those received since
   * deleteAfterDays ago are looked at (older ones were compacted by an earlier run), so a daily run
   * reads the inbox's recent part only; the first run over an inbox that was never pruned wants this.
   */
  full?: boolean;
  /** Rows per statement (short transactions beside live intake). */
  batchSize?: number;
  now?: Date;
}

export interface PruneInboxResult {
  compacted: number;
  deleted: number;
  ms: number;
}

const DAY_MS = 86_400_000;

/** Compacts and deletes handled inbox events as the retention policy above says (`npm run stripe:prune-inbox`). */
export async function pruneInbox(db: Db, opts: PruneInboxOptions = {}): Promise<PruneInboxResult> {
  const compactAfterDays = opts.compactAfterDays ?? 7;
  const deleteAfterDays = opts.deleteAfterDays ?? 90;
  if (!(compactAfterDays >= MIN_COMPACT_AFTER_DAYS)) throw new Error(`compactAfterDays must be at least ${MIN_COMPACT_AFTER_DAYS}`);
  if (!(deleteAfterDays >= MIN_DELETE_AFTER_DAYS)) throw new Error(`deleteAfterDays must be at least ${MIN_DELETE_AFTER_DAYS}`);
  const batch = Math.max(1, opts.batchSize ?? 5000);
  const now = (opts.now ?? new Date()).getTime();
  const compactBefore = new Date(now - compactAfterDays * DAY_MS).toISOString();
  const deleteBefore = new Date(now - deleteAfterDays * DAY_MS).toISOString();
  const started = Date.now();
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "StripeEvent" WHERE id IN (
        SELECT id FROM "StripeEvent"
         WHERE "receivedAt" < (${deleteBefore}::timestamptz AT TIME ZONE 'UTC') AND status IN ('PROCESSED', 'IGNORED') AND "appliedObjects" IS NULL
         LIMIT ${batch})`;
    deleted += n;
    if (n < batch) break;
  }
  const from = opts.full ? Prisma.empty : Prisma.sql`AND "receivedAt" >= (${deleteBefore}::timestamptz AT TIME ZONE 'UTC')`;
  let compacted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      UPDATE "StripeEvent" e SET payload = jsonb_build_object(
          'id', e.payload->'id', 'object', 'event', 'type', e.payload->'type', 'created', e.payload->'created',
          'api_version', e.payload->'api_version', 'livemode', e.payload->'livemode', 'settle_compacted', true,
          'data', jsonb_build_object('object', jsonb_strip_nulls(jsonb_build_object(
            'id', o->'id', 'object', o->'object', 'status', o->'status', 'amount_paid', o->'amount_paid', 'amount_refunded', o->'amount_refunded',
            'invoice', CASE jsonb_typeof(o->'invoice') WHEN 'object' THEN o->'invoice'->'id' ELSE o->'invoice' END))))
        FROM (SELECT id, payload->'data'->'object' AS o FROM "StripeEvent"
               WHERE "receivedAt" < (${compactBefore}::timestamptz AT TIME ZONE 'UTC') ${from} AND status IN ('PROCESSED', 'IGNORED')
                 AND NOT (payload ? 'settle_compacted')
               LIMIT ${batch}) s
       WHERE e.id = s.id`;
    compacted += n;
    if (n < batch) break;
  }
  const result = { compacted, deleted, ms: Date.now() - started };
  logger.info(result, "inbox pruned");
  return result;
}
