import "server-only";
import type { Db } from "@/lib/db";
import { metrics } from "@/lib/metrics/registry";
import { STRIPE_API_VERSION } from "@/lib/stripe";
import { eventFamilyOf, type EventFamily } from "../events/event-types";
import { RESYNC_EVENT_TYPE, targetOf, type Target } from "../events/resolve-event";
import type { StripeJson } from "../types";
import type { ClaimedEvent } from "./claim-events";
import { decideRefetch, newestSnapshotCovers, type RefetchDecision, type RefetchReason } from "./refetch-decision";
import { readBatchFacts, snapshotTypesOf, type BatchFactsInput, type InboxFacts, type PendingSnapshot } from "./refetch-facts";

// The processor's decisions for claimed events (refetch-decision.ts) from one batch read
// (readBatchFacts): every event of a batch, or the one event of a group's fallback (process-one.ts).

const NO_FACTS: InboxFacts = { newestListingAt: null, newerPending: 0, newerApplied: 0, newerSettled: 0, sameSecondDiffering: [] };

/** The newest pending snapshot chosen to stand for the claimed event's own (settled together). */
export interface NewestSnapshot {
  id: string;
  type: string;
  stripeCreated: Date;
  object: StripeJson;
  target: Target;
  types: string[];
}

/** What the decision asks of the inbox for this event. */
function decisionNeeds(ev: ClaimedEvent, object: StripeJson, target: Target, mode: "decide" | "always") {
  const isResync = ev.type === RESYNC_EVENT_TYPE;
  const family = eventFamilyOf(ev.type);
  const payloadIsObject = isResync || (family?.key === "object" && target.id === object.id);
  const facts = !isResync && mode === "decide" && payloadIsObject && !target.deleted && !!ev.objectId && !!family;
  const invoiceProjected = !isResync && mode === "decide" && object.object === "invoice_payment" && target.kind === "invoice";
  // newestPendingSnapshot's static conditions: the claimed event is a snapshot of the object, or an
  // invoice payment of that invoice. Only read when a snapshot may be applied at all.
  const payment = object.object === "invoice_payment";
  const newest =
    mode === "decide" &&
    !isResync &&
    !!ev.objectId &&
    !target.deleted &&
    target.id === ev.objectId &&
    !!family &&
    (payment || (family.key === "object" && object.id === target.id));
  return { isResync, family, payloadIsObject, facts, invoiceProjected, newest };
}

/** The verdict from the facts read. */
function decideWith(
  ev: ClaimedEvent,
  object: StripeJson,
  target: Target,
  mode: "decide" | "always",
  needs: ReturnType<typeof decisionNeeds>,
  facts: InboxFacts | null,
  invoiceProjected: boolean | undefined,
): { decision: RefetchDecision; reason: RefetchReason } {
  const { decision, reason } = decideRefetch({
    type: ev.type,
    isResync: needs.isResync,
    kind: target.kind,
    payloadIsObject: needs.payloadIsObject,
    deletion: !!target.deleted,
    snapshot: object,
    apiVersion: ev.apiVersion,
    ourApiVersion: STRIPE_API_VERSION,
    eventCreated: ev.stripeCreated,
    always: mode === "always",
    invoiceProjected,
    ...(facts ?? NO_FACTS),
  });
  return { decision, reason };
}

/**
 * The found newest pending snapshot when it may be applied in place of the event's own: the rule
 * allows it, and it ranks at least as far as every snapshot it settles. null: apply the event's own.
 */
function acceptNewest(
  object: StripeJson,
  target: Target,
  family: EventFamily,
  found: PendingSnapshot,
  facts: InboxFacts,
  payment: boolean,
): NewestSnapshot | null {
  const newObject = found.object as StripeJson;
  const newTarget = targetOf(found.type, newObject);
  if (!newTarget || newTarget.kind !== target.kind || newTarget.id !== target.id) return null;
  const { decision } = decideRefetch({
    type: found.type,
    isResync: false,
    kind: target.kind,
    payloadIsObject: true,
    deletion: !!newTarget.deleted,
    snapshot: newObject,
    apiVersion: found.apiVersion,
    ourApiVersion: STRIPE_API_VERSION,
    eventCreated: found.stripeCreated,
    ...facts,
  });
  // The invoice payment is not a snapshot of the invoice: only the snapshots between count.
  if (decision !== "apply_snapshot" || !newestSnapshotCovers(target.kind, newObject, payment ? found.between : [object, ...found.between])) return null;
  return { id: found.id, type: found.type, stripeCreated: found.stripeCreated, object: newObject, target: newTarget, types: snapshotTypesOf(family.family) };
}

export interface EventPlan {
  decision: RefetchDecision;
  /** Why (decideRefetch's reason): counted once the event is acted on (countDecision). */
  reason: RefetchReason;
  newest: NewestSnapshot | null;
  /** The moment the reads were made: pending snapshots received later are not settled by this event. */
  readAt: Date;
}

/**
 * Counts the decision an event is acted on (settle_sync_refetch_decisions_total): once per event,
 * even when its group fell back and the event was planned again on its own.
 */
export function countDecision(plan: Pick<EventPlan, "decision" | "reason">): void {
  metrics().refetchDecisions.inc({ decision: plan.decision, reason: plan.reason });
}

/**
 * The decisions for every projected event of a claimed batch from one batch read (instead of up
 * to three reads per event). `events` are the batch's projected events (targetOf is not null).
 */
export async function planBatch(db: Db, events: ClaimedEvent[], mode: "decide" | "always"): Promise<Map<string, EventPlan>> {
  const readAt = new Date();
  const prepared = events.map((ev) => {
    const object = ev.payload?.data?.object as StripeJson;
    const target = targetOf(ev.type, object)!;
    return { ev, object, target, needs: decisionNeeds(ev, object, target, mode) };
  });
  const inputs: BatchFactsInput[] = prepared
    .filter((p) => p.needs.facts || p.needs.newest || p.needs.invoiceProjected)
    .map(({ ev, target, needs }) => ({
      id: ev.id,
      objectId: ev.objectId ?? "",
      livemode: ev.livemode,
      stripeCreated: ev.stripeCreated,
      family: needs.family?.family ?? "",
      facts: needs.facts,
      newest: needs.newest,
      invoiceId: needs.invoiceProjected ? target.id : null,
    }));
  const read = await readBatchFacts(db, inputs, readAt);
  const plans = new Map<string, EventPlan>();
  for (const { ev, object, target, needs } of prepared) {
    const r = read.get(ev.id);
    const { decision, reason } = decideWith(
      ev,
      object,
      target,
      mode,
      needs,
      r?.facts ?? null,
      needs.invoiceProjected ? (r?.invoiceProjected ?? false) : undefined,
    );
    const payment = decision === "apply_snapshot" && object.object === "invoice_payment";
    const newest =
      decision === "apply_snapshot" && needs.newest && r?.newest ? acceptNewest(object, target, needs.family!, r.newest, r.newest.facts, payment) : null;
    plans.set(ev.id, { decision, reason, newest, readAt });
  }
  return plans;
}
