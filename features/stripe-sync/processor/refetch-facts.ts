import "server-only";
import type { Db } from "@/lib/db";
import { allEventFamilies } from "../events/event-types";
import { RESYNC_EVENT_TYPE } from "../events/resolve-event";
import type { PendingParent, SnapshotRankFields } from "./refetch-decision";

/** What the inbox knows about the other events of an event's object (see refetch-decision.ts). */
export interface InboxFacts {
  newestListingAt: Date | null;
  newerPending: number;
  newerApplied: number;
  newerSettled: number;
  sameSecondDiffering: SnapshotRankFields[];
}

// Types whose data.object is the object itself, by family: only their snapshots compete.
const SNAPSHOT_TYPES = new Map<string, string[]>();
for (const f of allEventFamilies()) {
  if (f.key !== "object") continue;
  const list = SNAPSHOT_TYPES.get(f.family) ?? [];
  list.push(...f.coalescable, ...(f.deletedType ? [f.deletedType] : []));
  SNAPSHOT_TYPES.set(f.family, list);
}
export const snapshotTypesOf = (family: string): string[] => SNAPSHOT_TYPES.get(family) ?? [];

/** One indexed read over the object's events ("objectId", "stripeCreated", id). */
export async function readInboxFacts(
  db: Db,
  ev: { id: string; objectId: string; livemode: boolean; stripeCreated: Date },
  family: string,
): Promise<InboxFacts> {
  const [row] = await db.$queryRaw<InboxFacts[]>`
    WITH me AS (SELECT md5((payload->'data'->'object')::text) AS h FROM "StripeEvent" WHERE id = ${ev.id})
    SELECT
      max(o."stripeCreated") FILTER (WHERE o.type = ${RESYNC_EVENT_TYPE} AND o.status = 'PROCESSED') AS "newestListingAt",
      count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > ${ev.stripeCreated} AND o.status IN ('PENDING', 'PROCESSING'))::int AS "newerPending",
      count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > ${ev.stripeCreated} AND o.status = 'PROCESSED' AND o."appliedObjects" IS NOT NULL)::int AS "newerApplied",
      count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > ${ev.stripeCreated} AND o.status = 'PROCESSED' AND o."appliedObjects" IS NULL)::int AS "newerSettled",
      coalesce(jsonb_agg(jsonb_build_object('status', o.payload->'data'->'object'->'status', 'amount_paid', o.payload->'data'->'object'->'amount_paid',
                                            'amount_refunded', o.payload->'data'->'object'->'amount_refunded'))
        FILTER (WHERE o."stripeCreated" = ${ev.stripeCreated} AND o.status <> 'IGNORED' AND o.type = ANY(${snapshotTypesOf(family)}::text[])
                  AND md5((o.payload->'data'->'object')::text) IS DISTINCT FROM (SELECT h FROM me)), '[]'::jsonb) AS "sameSecondDiffering"
      FROM "StripeEvent" o
     WHERE o."objectId" = ${ev.objectId} AND o.id <> ${ev.id} AND o.livemode = ${ev.livemode}`;
  return row;
}

/** The newest pending snapshot of an object, and the rank fields of the older pending ones it would settle. */
export interface PendingSnapshot {
  id: string;
  type: string;
  apiVersion: string | null;
  stripeCreated: Date;
  object: Record<string, unknown>;
  /** Pending snapshots strictly between the claimed event and this one. */
  between: SnapshotRankFields[];
}

/**
 * The newest PENDING snapshot event of the claimed event's object (same family and livemode,
 * received before `receivedBefore`), provided no event of another type (a payload that is not
 * the object, a resync row) is pending before it: those keep their own turn. null: none.
 */
export async function readNewestPendingSnapshot(
  db: Db,
  ev: { id: string; objectId: string; livemode: boolean; stripeCreated: Date },
  family: string,
  receivedBefore: Date,
): Promise<PendingSnapshot | null> {
  const types = snapshotTypesOf(family);
  const [row] = await db.$queryRaw<PendingSnapshot[]>`
    WITH c AS (
      SELECT c.id, c.type, c."apiVersion", c."stripeCreated", c.payload->'data'->'object' AS object
        FROM "StripeEvent" c
       WHERE c."objectId" = ${ev.objectId} AND c.livemode = ${ev.livemode} AND c.status = 'PENDING'
         AND c.type = ANY(${types}::text[]) AND c."receivedAt" < ${receivedBefore}
         AND (c."stripeCreated", c.id) > (${ev.stripeCreated}, ${ev.id})
         AND NOT EXISTS (
           SELECT 1 FROM "StripeEvent" o
            WHERE o."objectId" = c."objectId" AND o.id <> ${ev.id} AND o.status IN ('PENDING', 'PROCESSING')
              AND NOT (o.type = ANY(${types}::text[])) AND (o."stripeCreated", o.id) < (c."stripeCreated", c.id))
       ORDER BY c."stripeCreated" DESC, c.id DESC
       LIMIT 1)
    SELECT c.*, coalesce((
      SELECT jsonb_agg(jsonb_build_object('status', b.payload->'data'->'object'->'status', 'amount_paid', b.payload->'data'->'object'->'amount_paid',
                                          'amount_refunded', b.payload->'data'->'object'->'amount_refunded'))
        FROM "StripeEvent" b
       WHERE b."objectId" = ${ev.objectId} AND b.livemode = ${ev.livemode} AND b.status = 'PENDING'
         AND b.type = ANY(${types}::text[]) AND b."receivedAt" < ${receivedBefore}
         AND (b."stripeCreated", b.id) > (${ev.stripeCreated}, ${ev.id}) AND (b."stripeCreated", b.id) < (c."stripeCreated", c.id)), '[]'::jsonb) AS between
      FROM c`;
  return row ?? null;
}

/**
 * The oldest pending (or in flight) event of a missing parent whose payload is the parent itself
 * (refetch-decision.ts decideMissingParent). One indexed read ("objectId", "stripeCreated", id).
 */
export async function readPendingParentSnapshot(db: Db, objectId: string, livemode: boolean, family: string): Promise<PendingParent | null> {
  const [row] = await db.$queryRaw<PendingParent[]>`
    SELECT type, "apiVersion", payload->'data'->'object' AS object
      FROM "StripeEvent"
     WHERE "objectId" = ${objectId} AND livemode = ${livemode} AND status IN ('PENDING', 'PROCESSING')
       AND type = ANY(${snapshotTypesOf(family)}::text[])
     ORDER BY "stripeCreated", id
     LIMIT 1`;
  return row ?? null;
}
