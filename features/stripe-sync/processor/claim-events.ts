import "server-only";
import type { Db } from "@/lib/db";

export interface ClaimedEvent {
  id: string;
  type: string;
  objectId: string | null;
  livemode: boolean;
  apiVersion: string | null;
  stripeCreated: Date;
  payload: { data?: { object?: Record<string, unknown> } };
  attempts: number;
  source: string;
  /** When the inbox received it (the processing-lag histogram's start). */
  receivedAt: Date;
}

/**
 * Claims up to `limit` events, at most one per Stripe object: the oldest unprocessed one
 * (by created, then id). An event is never claimed while an earlier event of its object is
 * pending or in flight, so one object's events apply in order even with many processors.
 * SKIP LOCKED lets processors claim side by side; the claim is an UPDATE (status, lock
 * expiry, attempts) so a processor killed mid-event gives its events back after `lockSeconds`.
 * `attempts` after the claim is the fencing token for the final write.
 */
export async function claimEvents(db: Db, limit: number, lockSeconds = 60): Promise<ClaimedEvent[]> {
  return db.$queryRawUnsafe<ClaimedEvent[]>(CLAIM_EVENTS_SQL, limit, lockSeconds);
}

/**
 * The claim ($1 = limit, $2 = lock seconds). The candidates are walked in order through the
 * partial index "StripeEvent_unsettled_order_idx" (unsettled rows only, in (stripeCreated, id)
 * order; migration 20261205031500), so a claim reads about its batch, not every pending event:
 * at month end the inbox may hold hundreds of thousands of them (claim-events.int.test.ts).
 */
export const CLAIM_EVENTS_SQL = `
    WITH picked AS (
      SELECT e.id FROM "StripeEvent" e
      WHERE ((e.status = 'PENDING' AND e."nextAttemptAt" <= (now() AT TIME ZONE 'UTC'))
          OR (e.status = 'PROCESSING' AND e."lockedUntil" < (now() AT TIME ZONE 'UTC')))
        AND NOT EXISTS (
          SELECT 1 FROM "StripeEvent" p
          WHERE e."objectId" IS NOT NULL AND p."objectId" = e."objectId"
            AND p.status IN ('PENDING', 'PROCESSING')
            AND (p."stripeCreated", p.id) < (e."stripeCreated", e.id))
      ORDER BY e."stripeCreated", e.id
      LIMIT $1::int
      FOR UPDATE OF e SKIP LOCKED
    )
    UPDATE "StripeEvent" s
       SET status = 'PROCESSING', attempts = s.attempts + 1,
           "lockedUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $2::double precision)
      FROM picked WHERE s.id = picked.id
    RETURNING s.id, s.type, s."objectId", s.livemode, s."apiVersion", s."stripeCreated", s.payload, s.attempts, s.source, s."receivedAt"`;
