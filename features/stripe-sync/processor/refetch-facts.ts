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

/** One claimed event's part of a batch read (readBatchFacts): what its decision may ask. */
export interface BatchFactsInput {
  id: string;
  objectId: string;
  livemode: boolean;
  stripeCreated: Date;
  family: string;
  /** The decision's inbox facts of the event itself. */
  facts: boolean;
  /** The newest pending snapshot of its object and that snapshot's facts. */
  newest: boolean;
  /** An invoice whose projection the decision asks about (an invoice payment's invoice). */
  invoiceId: string | null;
}

export interface BatchFacts {
  facts: InboxFacts | null;
  newest: (PendingSnapshot & { facts: InboxFacts }) | null;
  invoiceProjected: boolean;
}

type BatchRow = {
  id: string;
  hasFacts: boolean;
  newestId: string | null;
  newestType: string | null;
  newestApiVersion: string | null;
  newestCreated: Date | null;
  newestObject: Record<string, unknown> | null;
  newestBetween: SnapshotRankFields[] | null;
  invoiceProjected: boolean;
} & { [K in `f_${keyof InboxFacts}` | `n_${keyof InboxFacts}`]: unknown };

const factsOf = (r: BatchRow, p: "f_" | "n_"): InboxFacts => ({
  newestListingAt: r[`${p}newestListingAt`] as Date | null,
  newerPending: r[`${p}newerPending`] as number,
  newerApplied: r[`${p}newerApplied`] as number,
  newerSettled: r[`${p}newerSettled`] as number,
  sameSecondDiffering: r[`${p}sameSecondDiffering`] as SnapshotRankFields[],
});

/**
 * What the refetch decision asks of the inbox, for every claimed event of a batch in ONE
 * statement (a LATERAL join over the batch; a group's fallback reads one event the same way):
 * - facts: the other events of the object (one indexed read over "objectId", "stripeCreated", id):
 *   the newest processed resync listing, newer pending / applied / settled events, and the
 *   same-second snapshots whose object differs from this one;
 * - newest: the newest PENDING snapshot of the object (same family and livemode, received before
 *   `receivedBefore`), provided no event of another type (a payload that is not the object, a
 *   resync row) is pending before it, since those keep their own turn; with the rank fields of
 *   the pending snapshots between, and that snapshot's own facts;
 * - whether an invoice payment's invoice is projected.
 */
export async function readBatchFacts(db: Db, inputs: BatchFactsInput[], receivedBefore: Date): Promise<Map<string, BatchFacts>> {
  const out = new Map<string, BatchFacts>();
  if (!inputs.length) return out;
  const col = <T>(f: (x: BatchFactsInput) => T) => inputs.map(f);
  const rows = await db.$queryRaw<BatchRow[]>`
    WITH input AS (
      SELECT i.id, i.object_id, i.livemode, (i.created::timestamptz AT TIME ZONE 'UTC') AS created, string_to_array(i.types, ',') AS types,
             i.want_facts, i.want_newest, i.invoice_id
        FROM unnest(${col((x) => x.id)}::text[], ${col((x) => x.objectId)}::text[], ${col((x) => x.livemode)}::boolean[],
                    ${col((x) => x.stripeCreated.toISOString())}::text[], ${col((x) => snapshotTypesOf(x.family).join(","))}::text[],
                    ${col((x) => x.facts)}::boolean[], ${col((x) => x.newest)}::boolean[], ${col((x) => x.invoiceId)}::text[])
             AS i(id, object_id, livemode, created, types, want_facts, want_newest, invoice_id)),
    newest AS (
      SELECT i.id AS for_id, c.* FROM input i CROSS JOIN LATERAL (
        SELECT c.id, c.type, c."apiVersion", c."stripeCreated", c.payload->'data'->'object' AS object
          FROM "StripeEvent" c
         WHERE c."objectId" = i.object_id AND c.livemode = i.livemode AND c.status = 'PENDING'
           AND c.type = ANY(i.types) AND c."receivedAt" < ${receivedBefore}
           AND (c."stripeCreated", c.id) > (i.created, i.id)
           AND NOT EXISTS (
             SELECT 1 FROM "StripeEvent" o
              WHERE o."objectId" = c."objectId" AND o.id <> i.id AND o.status IN ('PENDING', 'PROCESSING')
                AND NOT (o.type = ANY(i.types)) AND (o."stripeCreated", o.id) < (c."stripeCreated", c.id))
         ORDER BY c."stripeCreated" DESC, c.id DESC
         LIMIT 1) c
       WHERE i.want_newest),
    subjects AS (
      SELECT i.id, i.id AS for_id, i.object_id, i.livemode, i.created, i.types, false AS of_newest FROM input i WHERE i.want_facts
      UNION ALL
      SELECT n.id, n.for_id, i.object_id, i.livemode, n."stripeCreated", i.types, true FROM newest n JOIN input i ON i.id = n.for_id),
    facts AS (
      SELECT s.for_id, s.of_newest, f.* FROM subjects s CROSS JOIN LATERAL (
        SELECT
          max(o."stripeCreated") FILTER (WHERE o.type = ${RESYNC_EVENT_TYPE} AND o.status = 'PROCESSED') AS "newestListingAt",
          count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > s.created AND o.status IN ('PENDING', 'PROCESSING'))::int AS "newerPending",
          count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > s.created AND o.status = 'PROCESSED' AND o."appliedObjects" IS NOT NULL)::int AS "newerApplied",
          count(*) FILTER (WHERE o.type <> ${RESYNC_EVENT_TYPE} AND o."stripeCreated" > s.created AND o.status = 'PROCESSED' AND o."appliedObjects" IS NULL)::int AS "newerSettled",
          coalesce(jsonb_agg(jsonb_build_object('status', o.payload->'data'->'object'->'status', 'amount_paid', o.payload->'data'->'object'->'amount_paid',
                                                'amount_refunded', o.payload->'data'->'object'->'amount_refunded'))
            FILTER (WHERE o."stripeCreated" = s.created AND o.status <> 'IGNORED' AND o.type = ANY(s.types)
                      AND md5((o.payload->'data'->'object')::text) IS DISTINCT FROM
                          (SELECT md5((me.payload->'data'->'object')::text) FROM "StripeEvent" me WHERE me.id = s.id)), '[]'::jsonb) AS "sameSecondDiffering"
          FROM "StripeEvent" o
         WHERE o."objectId" = s.object_id AND o.id <> s.id AND o.livemode = s.livemode) f)
    SELECT i.id, f.for_id IS NOT NULL AS "hasFacts",
           f."newestListingAt" AS "f_newestListingAt", f."newerPending" AS "f_newerPending", f."newerApplied" AS "f_newerApplied",
           f."newerSettled" AS "f_newerSettled", f."sameSecondDiffering" AS "f_sameSecondDiffering",
           n.id AS "newestId", n.type AS "newestType", n."apiVersion" AS "newestApiVersion", n."stripeCreated" AS "newestCreated", n.object AS "newestObject",
           CASE WHEN n.id IS NOT NULL THEN coalesce((
             SELECT jsonb_agg(jsonb_build_object('status', b.payload->'data'->'object'->'status', 'amount_paid', b.payload->'data'->'object'->'amount_paid',
                                                 'amount_refunded', b.payload->'data'->'object'->'amount_refunded'))
               FROM "StripeEvent" b
              WHERE b."objectId" = i.object_id AND b.livemode = i.livemode AND b.status = 'PENDING'
                AND b.type = ANY(i.types) AND b."receivedAt" < ${receivedBefore}
                AND (b."stripeCreated", b.id) > (i.created, i.id) AND (b."stripeCreated", b.id) < (n."stripeCreated", n.id)), '[]'::jsonb) END AS "newestBetween",
           nf."newestListingAt" AS "n_newestListingAt", nf."newerPending" AS "n_newerPending", nf."newerApplied" AS "n_newerApplied",
           nf."newerSettled" AS "n_newerSettled", nf."sameSecondDiffering" AS "n_sameSecondDiffering",
           (i.invoice_id IS NOT NULL AND EXISTS (SELECT 1 FROM "Invoice" v WHERE v."stripeId" = i.invoice_id)) AS "invoiceProjected"
      FROM input i
      LEFT JOIN facts f ON f.for_id = i.id AND NOT f.of_newest
      LEFT JOIN newest n ON n.for_id = i.id
      LEFT JOIN facts nf ON nf.for_id = i.id AND nf.of_newest`;
  for (const r of rows) {
    out.set(r.id, {
      facts: r.hasFacts ? factsOf(r, "f_") : null,
      newest: r.newestId
        ? {
            id: r.newestId,
            type: r.newestType!,
            apiVersion: r.newestApiVersion,
            stripeCreated: r.newestCreated!,
            object: r.newestObject!,
            between: r.newestBetween ?? [],
            facts: factsOf(r, "n_"),
          }
        : null,
      invoiceProjected: r.invoiceProjected,
    });
  }
  return out;
}

/**
 * The oldest pending (or in-flight) event of each missing parent whose payload is the parent
 * itself (refetch-decision.ts decideMissingParent): a batch's charges whose payment intent Settle
 * does not hold, in one indexed read ("objectId", "stripeCreated", id). Every id asked is in the
 * answer, null when it has none.
 */
export async function readPendingParentSnapshots(db: Db, objectIds: string[], livemode: boolean, family: string): Promise<Map<string, PendingParent | null>> {
  const ids = [...new Set(objectIds)];
  const out = new Map<string, PendingParent | null>(ids.map((id) => [id, null]));
  if (!ids.length) return out;
  const rows = await db.$queryRaw<(PendingParent & { objectId: string })[]>`
    SELECT DISTINCT ON ("objectId") "objectId", type, "apiVersion", payload->'data'->'object' AS object
      FROM "StripeEvent"
     WHERE "objectId" = ANY(${ids}::text[]) AND livemode = ${livemode} AND status IN ('PENDING', 'PROCESSING')
       AND type = ANY(${snapshotTypesOf(family)}::text[])
     ORDER BY "objectId", "stripeCreated", id`;
  for (const { objectId, ...p } of rows) out.set(objectId, p);
  return out;
}
