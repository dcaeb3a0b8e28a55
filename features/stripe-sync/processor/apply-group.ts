import "server-only";
import type { Db } from "@/lib/db";
import { lockKeyOf } from "../projection/apply-objects";
import { applyEventsReduced } from "../replay/apply-batch";
import type { AppliedObject, ProjectionChange } from "../types";
import type { ClaimedEvent } from "./claim-events";
import type { NewestSnapshot } from "./plan-events";

/** One claimed event of a group: what it applies, as its own transaction would have applied it. */
export interface GroupItem {
  ev: ClaimedEvent;
  applied: AppliedObject[];
  eventAt: Date | null;
  newest: NewestSnapshot | null;
}

/** The group's commit did not settle every claimed event as planned: it rolled back, nothing applied. */
export class GroupNotSettled extends Error {}

/**
 * The claimed events of a batch decided apply_snapshot, applied and settled in ONE transaction
 * (instead of one per event: BEGIN, lock, writes, settle, COMMIT each). Safe to group because a
 * claimed batch holds at most one event per object (claim-events.ts), so no two items are events
 * of one object; items apply in claim order with the projectors' own rules (replay's reducer runs
 * them in memory and writes each table once, tested equal to applying event by event), and
 * objects they share (a customer two invoices bring as a missing parent) are written once.
 *
 * All or nothing: every claimed row is settled by one fenced UPDATE (id and attempts, as ignoredIn
 * does), each with its coalesced older snapshots (as processOne's settle). When any claim was lost
 * (its lock expired and another processor holds it) or a coalesced snapshot is no longer pending,
 * the whole group rolls back (GroupNotSettled) and the caller runs its events one by one, so an
 * event is never applied twice nor lost. `readAt`: the batch read's moment, the bound of the
 * snapshots each item may settle.
 */
export async function applySnapshotGroup(db: Db, items: GroupItem[], readAt: Date): Promise<ProjectionChange[]> {
  return db.$transaction(
    async (tx) => {
      // Every object of the group locked at once in sorted order (as applyObjects does per event).
      const keys = [...new Set(items.flatMap((i) => i.applied.map(lockKeyOf)))].sort();
      await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) s`;
      // Applied as applying them one by one would leave the projections, each table written once
      // for the group where replay's reducer allows (apply-batch.ts), in claim order.
      const changes: ProjectionChange[] = [];
      await applyEventsReduced(
        tx,
        items.map((i) => ({ appliedObjects: i.applied, eventAt: i.eventAt })),
        changes,
      );
      const col = <T>(f: (x: GroupItem) => T) => items.map(f);
      // Replay applies the inbox in (processedAt, id) order: the group's items get one millisecond
      // each (the column's resolution), in claim order, so replay applies them as they applied here.
      // The applied objects are stored on the event whose time they were applied with: the
      // coalesced newest snapshot when there is one (the claimed row then stores none), else the
      // claimed row itself; replay applies them the same way.
      const [{ mine, coalesced }] = await tx.$queryRaw<{ mine: number; coalesced: number }[]>`
        WITH input AS (
          SELECT * FROM unnest(${col((i) => i.ev.id)}::text[], ${col((i) => i.ev.attempts)}::int[], ${col((i) => JSON.stringify(i.applied))}::text[],
                               ${col((i) => i.ev.objectId)}::text[], ${col((i) => i.ev.livemode)}::boolean[], ${col((i) => i.ev.stripeCreated.toISOString())}::text[],
                               ${col((i) => i.newest?.id ?? null)}::text[], ${col((i) => i.newest?.stripeCreated.toISOString() ?? null)}::text[],
                               ${col((i) => (i.newest?.types ?? []).join(","))}::text[])
                   WITH ORDINALITY AS i(id, attempts, applied, object_id, livemode, created, upto_id, upto_created, types, ord)),
        me AS (
          UPDATE "StripeEvent" e SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => (i.ord - 1) / 1000.0), "lockedUntil" = NULL, "lastError" = NULL,
                 "appliedObjects" = CASE WHEN i.upto_id IS NULL THEN i.applied::jsonb ELSE NULL END
            FROM input i
           WHERE e.id = i.id AND e.status = 'PROCESSING' AND e.attempts = i.attempts
          RETURNING e.id),
        snapshots AS (
          UPDATE "StripeEvent" s SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => (i.ord - 1) / 1000.0), "lastError" = NULL, "nextAttemptAt" = (now() AT TIME ZONE 'UTC'),
                 "appliedObjects" = CASE WHEN s.id = i.upto_id THEN i.applied::jsonb ELSE NULL END
            FROM input i
           WHERE i.upto_id IS NOT NULL AND i.id IN (SELECT id FROM me)
             AND s."objectId" = i.object_id AND s.status = 'PENDING' AND s.livemode = i.livemode AND s.type = ANY(string_to_array(i.types, ','))
             AND (s."stripeCreated", s.id) > ((i.created::timestamptz AT TIME ZONE 'UTC'), i.id)
             AND (s."stripeCreated", s.id) <= ((i.upto_created::timestamptz AT TIME ZONE 'UTC'), i.upto_id)
             AND (s."receivedAt" < ${readAt} OR s.id = i.upto_id)
          RETURNING s.id, s.id = i.upto_id AS upto)
        SELECT (SELECT count(*)::int FROM me) AS mine, (SELECT count(*)::int FROM snapshots WHERE upto) AS coalesced`;
      const planned = items.filter((i) => i.newest).length;
      if (mine !== items.length || coalesced !== planned) {
        throw new GroupNotSettled(`group of ${items.length}: ${mine} claims held, ${coalesced} of ${planned} coalesced snapshots pending`);
      }
      return changes;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
