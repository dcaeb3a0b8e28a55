import "server-only";
import type { Db } from "@/lib/db";
import { env, stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { metrics } from "@/lib/metrics/registry";
import { getStripe } from "@/lib/stripe";
import { withStripePriority } from "@/lib/stripe-budget";
import { applySnapshotGroup, type GroupItem } from "./apply-group";
import { claimEvents, type ClaimedEvent } from "./claim-events";
import { notifyProjectionChanged } from "./notifier";
import { countDecision, planBatch, type EventPlan } from "./plan-events";
import { processOne, putBack, resolveApplied, type OneOptions, type Outcome } from "./process-one";
import { safeErrorText } from "../safe-error-text";
import { readPendingParentSnapshots } from "./refetch-facts";
import { projectedParents, targetOf } from "../events/resolve-event";
import { stripeSource, type ObjectSource } from "../events/stripe-source";
import { idOf } from "../convert";
import type { StripeJson } from "../types";

/**
 * Events claimed per batch by default. A batch's snapshot-decided events are applied in one
 * transaction (apply-group.ts), so a larger batch costs fewer statements and commits per event:
 * 50 instead of 20 made the end-to-end bench ≈ 15 % cheaper per event (bench/RESULTS.md,
 * "Session 10") while a batch still commits in tens of milliseconds.
 */
export const DEFAULT_BATCH_SIZE = 50;

export interface ProcessOptions {
  source?: ObjectSource;
  batchSize?: number;
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at 15 minutes. */
  backoffMs?: number;
  lockSeconds?: number;
  /** decide (default from SETTLE_SYNC_REFETCH): apply safe snapshots; always: fetch every object. */
  refetch?: "decide" | "always";
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * The claimed events Settle does not project (a type without a projection, or the other livemode
 * than the API key's), settled as IGNORED in one statement for the batch (each fenced by its
 * claim's attempts, as a processed event is).
 */
async function ignoredIn(db: Db, claimed: ClaimedEvent[]): Promise<Set<string>> {
  const livemode = stripeLivemode();
  const ignored = claimed.filter((ev) => ev.livemode !== livemode || !targetOf(ev.type, ev.payload?.data?.object as StripeJson | undefined));
  for (const ev of ignored) {
    if (ev.livemode !== livemode) logger.warn({ eventId: ev.id, type: ev.type, livemode: ev.livemode }, "event ignored: livemode does not match the API key");
  }
  if (!ignored.length) return new Set();
  await db.$executeRaw`UPDATE "StripeEvent" e SET status = 'IGNORED'::"EventStatus", "processedAt" = (now() AT TIME ZONE 'UTC'), "lockedUntil" = NULL, "lastError" = NULL
      FROM unnest(${ignored.map((e) => e.id)}::text[], ${ignored.map((e) => e.attempts)}::int[]) AS c(id, attempts)
     WHERE e.id = c.id AND e.status = 'PROCESSING' AND e.attempts = c.attempts`;
  return new Set(ignored.map((e) => e.id));
}

export interface BatchResult {
  claimed: number;
  processed: number;
  ignored: number;
  retried: number;
  /** put back because Stripe throttled or was unavailable (not counted as an attempt) */
  throttled: number;
  failed: number;
}

// One source per process (and Stripe client), renewed every few minutes: its tax-rate and coupon
// caches then serve every batch instead of one. What they keep cannot change in Stripe (a tax
// rate's percentage and inclusiveness, a coupon's percent or amount off); the renewal picks up
// renamed ones.
const SOURCE_TTL_MS = 5 * 60_000;
const sourceHolder = ((globalThis as { __settleSyncSource?: { client?: unknown; at: number; source?: ObjectSource } }).__settleSyncSource ??= { at: 0 });
function processSource(): ObjectSource {
  const client = getStripe();
  if (!sourceHolder.source || sourceHolder.client !== client || Date.now() - sourceHolder.at > SOURCE_TTL_MS) {
    Object.assign(sourceHolder, { client, at: Date.now(), source: stripeSource(client) });
  }
  return sourceHolder.source!;
}

/**
 * The events of a batch decided apply_snapshot, in one transaction (apply-group.ts). An event
 * whose objects cannot be resolved is put back on its own; when the group's commit fails (a lost
 * claim, a unique conflict, a projection error), nothing of it was applied and each event runs
 * the per-event path, which reads its facts again.
 */
async function processGroup(db: Db, source: ObjectSource, events: ClaimedEvent[], plans: Map<string, EventPlan>, opts: OneOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const resolved = await Promise.all(
    events.map(async (ev): Promise<GroupItem | null> => {
      const plan = plans.get(ev.id)!;
      try {
        return { ev, newest: plan.newest, ...(await resolveApplied(db, source, ev, plan.decision, plan.newest, opts)) };
      } catch (error) {
        countDecision(plan);
        outcomes.push(await putBack(db, ev, error, opts));
        return null;
      }
    }),
  );
  const items = resolved.filter((i): i is GroupItem => i !== null);
  if (!items.length) return outcomes;
  try {
    const changes = await applySnapshotGroup(db, items, plans.get(items[0].ev.id)!.readAt);
    notifyProjectionChanged(changes);
    for (const { ev } of items) {
      countDecision(plans.get(ev.id)!);
      metrics().eventLag.observe(Math.max(0, (Date.now() - ev.receivedAt.getTime()) / 1000));
    }
    return [...outcomes, ...items.map(() => "processed" as const)];
  } catch (error) {
    // Each event is planned again on its own and counted with that decision (processOne).
    logger.info({ events: items.length, error: safeErrorText(error) }, "event group not applied; its events run one by one");
    return [...outcomes, ...(await Promise.all(items.map(({ ev }) => processOne(db, source, ev, opts))))];
  }
}

/**
 * Claims one batch and processes it: the decisions from one batch read (plan-events.ts), the
 * events applied from their snapshots together in one transaction, the refetched ones each in
 * its own, concurrently (distinct objects).
 */
export async function processEventBatch(db: Db, options: ProcessOptions = {}): Promise<BatchResult> {
  const source = options.source ?? processSource();
  const claimed = await claimEvents(db, options.batchSize ?? DEFAULT_BATCH_SIZE, options.lockSeconds ?? 60);
  const ignored = await ignoredIn(db, claimed);
  const toProject = claimed.filter((ev) => !ignored.has(ev.id));
  const payloads = toProject.map((ev) => ev.payload?.data?.object as StripeJson | undefined);
  const { projected, absent } = await projectedParents(db, payloads);
  const refetch = options.refetch ?? env().SETTLE_SYNC_REFETCH;
  // The charges' missing payment intents: their own pending snapshots, in one read for the batch.
  const missingIntents = payloads.flatMap((o) => {
    const pi = o?.object === "charge" ? idOf(o.payment_intent) : null;
    return pi && absent.has(`payment_intent:${pi}`) ? [pi] : [];
  });
  const opts: OneOptions = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffMs: options.backoffMs ?? 1000,
    refetch,
    projected,
    absent,
    pendingParents: refetch === "decide" ? await readPendingParentSnapshots(db, missingIntents, stripeLivemode(), "payment_intent") : new Map(),
  };
  const plans = await planBatch(db, toProject, opts.refetch);
  const grouped = toProject.filter((ev) => plans.get(ev.id)!.decision === "apply_snapshot");
  const single = grouped.length > 1 ? toProject.filter((ev) => plans.get(ev.id)!.decision !== "apply_snapshot") : toProject;
  // Projection draws on the sync share of the Stripe API budget: people's requests come first.
  const outcomesOfProjected = await withStripePriority("sync", async () =>
    (
      await Promise.all([
        grouped.length > 1 ? processGroup(db, source, grouped, plans, opts) : [],
        ...single.map((ev) => processOne(db, source, ev, opts, plans.get(ev.id)).then((o) => [o])),
      ])
    ).flat(),
  );
  const outcomes = [...outcomesOfProjected, ...[...ignored].map(() => "ignored" as const)];
  const counter = metrics().eventsProcessed;
  for (const outcome of outcomes) counter.inc({ outcome });
  return {
    claimed: claimed.length,
    processed: outcomes.filter((o) => o === "processed").length,
    ignored: outcomes.filter((o) => o === "ignored").length,
    retried: outcomes.filter((o) => o === "retry").length,
    throttled: outcomes.filter((o) => o === "throttled").length,
    failed: outcomes.filter((o) => o === "failed").length,
  };
}

/** Processes until nothing is claimable right now (tests, scripts, replay of a backlog). */
export async function drainEvents(db: Db, options: ProcessOptions = {}): Promise<BatchResult> {
  const total: BatchResult = { claimed: 0, processed: 0, ignored: 0, retried: 0, throttled: 0, failed: 0 };
  for (;;) {
    const r = await processEventBatch(db, options);
    if (r.claimed === 0) return total;
    for (const k of Object.keys(total) as (keyof BatchResult)[]) total[k] += r[k];
  }
}
