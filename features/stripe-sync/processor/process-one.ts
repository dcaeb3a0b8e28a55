import "server-only";
// One claimed event in a transaction of its own (the refetch-decided ones, and a group's events
// when the group could not commit, process-events.ts), and what puts a failed one back.
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { metrics } from "@/lib/metrics/registry";
import { backPressureDelayMs, isStripeBackPressure } from "@/lib/stripe-back-pressure";
import { STRIPE_API_VERSION } from "@/lib/stripe";
import { applyObjects } from "../projection/apply-objects";
import type { ClaimedEvent } from "./claim-events";
import { notifyProjectionChanged } from "./notifier";
import { safeErrorText } from "../safe-error-text";
import { countDecision, planBatch, type EventPlan, type NewestSnapshot } from "./plan-events";
import { decideMissingParent, type PendingParent, type RefetchDecision } from "./refetch-decision";
import { readPendingParentSnapshots } from "./refetch-facts";
import { sameTargetTypes } from "../events/event-types";
import { RESYNC_EVENT_TYPE, resolveEvent, targetOf } from "../events/resolve-event";
import type { ObjectSource } from "../events/stripe-source";
import type { AppliedObject, Kind, StripeJson } from "../types";

class LostClaim extends Error {}

// Two events of different objects may insert the same missing parent at once; the loser of
// that race simply runs again and finds the parent there.
async function withConflictRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i < 3 && (error as { code?: string })?.code === "P2002") continue;
      throw error;
    }
  }
}

export type Outcome = "processed" | "retry" | "throttled" | "failed" | "lost";
export interface OneOptions {
  maxAttempts: number;
  backoffMs: number;
  refetch: "decide" | "always";
  /** Parents the batch found projected, and the ones it found missing (resolve-event.ts projectedParents). */
  projected: ReadonlySet<string>;
  absent: ReadonlySet<string>;
  /** The missing payment intents' own pending snapshots, read once for the batch (readPendingParentSnapshots). */
  pendingParents: ReadonlyMap<string, PendingParent | null>;
}

/** The objects one event applies and the time they are applied with (network only, no transaction). */
export async function resolveApplied(
  db: Db,
  source: ObjectSource,
  ev: ClaimedEvent,
  decision: RefetchDecision,
  newest: NewestSnapshot | null,
  opts: OneOptions,
) {
  const object = ev.payload?.data?.object as StripeJson;
  const target = targetOf(ev.type, object)!;
  // An invoice payment applied as delivered is the payment row (its invoice is projected),
  // together with the invoice's newest pending snapshot when there is one to apply (Stripe sends
  // invoice.paid right after invoice_payment.paid): one transaction instead of two.
  const payment = decision === "apply_snapshot" && object.object === "invoice_payment";
  const parents = {
    projected: opts.projected,
    absent: opts.absent,
    fromInbox: (kind: Kind, id: string) => parentFromInbox(db, ev.livemode, kind, id, opts.refetch, opts.pendingParents),
  };
  const applied: AppliedObject[] = payment
    ? [...(newest ? await resolveEvent(db, source, newest.type, newest.object, newest.target, "snapshot", parents) : []), { kind: "invoice_payment", object }]
    : newest
      ? await resolveEvent(db, source, newest.type, newest.object, newest.target, "snapshot", parents)
      : await resolveEvent(db, source, ev.type, object, target, decision === "refetch" ? "fetch" : "snapshot", parents);
  // A resync row is an authoritative snapshot, not a point in the event stream.
  const eventAt = newest ? newest.stripeCreated : ev.type === RESYNC_EVENT_TYPE ? null : ev.stripeCreated;
  return { applied, eventAt };
}

/**
 * One event in a transaction of its own: the refetch-decided ones, and the fallback of a group
 * (apply-group.ts). `plan`: the batch read's decision; without it (fallback) the event's own
 * reads are made again, since what the group saw may have changed.
 */
export async function processOne(db: Db, source: ObjectSource, ev: ClaimedEvent, opts: OneOptions, plan?: EventPlan): Promise<Outcome> {
  const object = ev.payload?.data?.object as StripeJson | undefined;
  try {
    const target = targetOf(ev.type, object);
    // Settled with the batch's other ignored events (ignoredIn), never here.
    if (!target || !object || ev.livemode !== stripeLivemode()) throw new Error(`event ${ev.id} is not projected`);
    // Without a plan (a group's fallback) the event's own facts are read again, by a batch read of
    // one: what the group saw may have changed.
    const planned = plan ?? (await planBatch(db, [ev], opts.refetch)).get(ev.id)!;
    countDecision(planned);
    const { decision, newest, readAt } = planned;
    // Pending snapshots received from here on are not settled by this event (the read's moment when
    // the newest snapshot came from it). The newest pending snapshot, when there is one, stands for
    // the older ones, which are settled by the same commit (as a fetch settles its siblings).
    const fetchStartedAt = decision === "apply_snapshot" ? readAt : new Date();
    const { applied, eventAt } = await resolveApplied(db, source, ev, decision, newest, opts);
    const changes = await withConflictRetry(() =>
      db.$transaction(
        async (tx) => {
          const result = await applyObjects(tx, applied, eventAt);
          // Later events of the same object that were already in the inbox before we refetched are
          // described by the object we just applied (Stripe emits an event after the change): they
          // are settled by this same commit instead of refetching the same object again.
          // (Only when the event's ordering key is the object we refetched, see ordering-key.ts.)
          // One statement for both: the claimed row (fenced by attempts) and its superseded siblings.
          // A snapshot describes its own moment only: its later siblings apply their own.
          const settleSiblings = decision === "refetch" && ev.type !== RESYNC_EVENT_TYPE && !!ev.objectId && target.id === ev.objectId;
          // Coalesced snapshots: the applied objects are stored on the newest event, whose time is
          // the guard they were applied with (replay applies them the same way); the older ones,
          // this one included, are settled by it.
          const appliedJson = JSON.stringify(applied);
          const upTo = newest ?? { id: ev.id, stripeCreated: ev.stripeCreated, types: [] as string[] };
          const [{ mine, coalesced }] = await tx.$queryRaw<{ mine: number; coalesced: number }[]>`
        WITH me AS (
          UPDATE "StripeEvent" SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC'), "lockedUntil" = NULL,
                 "lastError" = NULL, "appliedObjects" = CASE WHEN ${!!newest} THEN NULL ELSE ${appliedJson}::jsonb END
           WHERE id = ${ev.id} AND status = 'PROCESSING' AND attempts = ${ev.attempts}
          RETURNING id),
        snapshots AS (
          UPDATE "StripeEvent" SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC'), "lastError" = NULL, "nextAttemptAt" = (now() AT TIME ZONE 'UTC'),
                 "appliedObjects" = CASE WHEN id = ${upTo.id} THEN ${appliedJson}::jsonb ELSE NULL END
           WHERE ${!!newest} AND EXISTS (SELECT 1 FROM me)
             AND "objectId" = ${ev.objectId} AND status = 'PENDING' AND livemode = ${ev.livemode} AND type = ANY(${upTo.types}::text[])
             AND ("stripeCreated", id) > (${ev.stripeCreated}, ${ev.id}) AND ("stripeCreated", id) <= (${upTo.stripeCreated}, ${upTo.id})
             AND ("receivedAt" < ${fetchStartedAt} OR id = ${upTo.id})
          RETURNING id),
        siblings AS (
          UPDATE "StripeEvent" SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC'), "lastError" = NULL, "nextAttemptAt" = (now() AT TIME ZONE 'UTC')
           WHERE ${settleSiblings} AND EXISTS (SELECT 1 FROM me)
             AND "objectId" = ${ev.objectId} AND status = 'PENDING' AND "receivedAt" < ${fetchStartedAt} AND id <> ${ev.id}
             AND type = ANY(${sameTargetTypes(ev.type)}::text[]) AND livemode = ${ev.livemode}
          RETURNING id)
        SELECT (SELECT count(*)::int FROM me) AS mine, (SELECT count(*)::int FROM siblings) AS siblings,
               (SELECT count(*)::int FROM snapshots WHERE id = ${upTo.id}) AS coalesced`;
          // Someone else re-claimed it after our lock expired: roll back so it applies once.
          if (mine !== 1) throw new LostClaim();
          // The newest snapshot left PENDING meanwhile (a desk action): roll back, try again.
          if (newest && coalesced !== 1) throw new Error(`coalesced snapshot ${newest.id} is no longer pending`);
          return result;
        },
        { timeout: 30_000, maxWait: 30_000 },
      ),
    );
    notifyProjectionChanged(changes);
    metrics().eventLag.observe(Math.max(0, (Date.now() - ev.receivedAt.getTime()) / 1000));
    return "processed";
  } catch (error) {
    if (error instanceof LostClaim) return "lost";
    return putBack(db, ev, error, opts);
  }
}

/** A failed attempt: the event is put back for a retry (or failed after maxAttempts), fenced by its claim. */
export async function putBack(db: Db, ev: ClaimedEvent, error: unknown, opts: OneOptions): Promise<Outcome> {
  const lastError = safeErrorText(error);
  if (isStripeBackPressure(error)) {
    // Throttled or Stripe unavailable: the attempt is given back, so an event never fails for it.
    const delayMs = backPressureDelayMs(error);
    logger.info({ eventId: ev.id, type: ev.type, delayMs, error: lastError }, "Stripe asked to slow down; event put back");
    await db.$executeRaw`UPDATE "StripeEvent"
         SET status = 'PENDING'::"EventStatus", attempts = attempts - 1, "lastError" = ${lastError}, "lockedUntil" = NULL,
             "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${delayMs / 1000}::double precision)
       WHERE id = ${ev.id} AND status = 'PROCESSING' AND attempts = ${ev.attempts}`;
    return "throttled";
  }
  const failed = ev.attempts >= opts.maxAttempts;
  const delayMs = Math.min(opts.backoffMs * 2 ** (ev.attempts - 1), 15 * 60_000);
  logger.warn({ eventId: ev.id, type: ev.type, attempts: ev.attempts, failed, error: lastError }, "event processing failed");
  await db.$executeRaw`UPDATE "StripeEvent"
       SET status = ${failed ? "FAILED" : "PENDING"}::"EventStatus", "lastError" = ${lastError}, "lockedUntil" = NULL,
           "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${delayMs / 1000}::double precision)
     WHERE id = ${ev.id} AND status = 'PROCESSING' AND attempts = ${ev.attempts}`;
  return failed ? "failed" : "retry";
}

/**
 * A missing parent's own pending snapshot when it may stand for fetching the parent
 * (refetch-decision.ts decideMissingParent; counted with the other decisions). null: fetch it.
 */
async function parentFromInbox(
  db: Db,
  livemode: boolean,
  kind: Kind,
  id: string,
  mode: "decide" | "always",
  batchRead: ReadonlyMap<string, PendingParent | null>,
): Promise<StripeJson | null> {
  if (mode === "always") return null;
  const pending =
    kind !== "payment_intent"
      ? null
      : batchRead.has(id)
        ? (batchRead.get(id) ?? null)
        : ((await readPendingParentSnapshots(db, [id], livemode, "payment_intent")).get(id) ?? null);
  const { decision, reason } = decideMissingParent({ kind, id, pending, ourApiVersion: STRIPE_API_VERSION });
  metrics().refetchDecisions.inc({ decision, reason });
  return decision === "apply_snapshot" && pending ? pending.object : null;
}
