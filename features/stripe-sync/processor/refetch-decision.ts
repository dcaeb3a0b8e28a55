// Whether an event's delivered snapshot (data.object) may be applied as it is, or the object must
// be fetched from Stripe first. Pure: the processor gathers the facts (refetch-facts.ts) and
// counts the verdicts (settle_sync_refetch_decisions_total{decision,reason}).
//
// Applying a snapshot is safe when the projection ends up where a fetch would have taken it:
// - the snapshot is the object itself, complete (every line, the discounts expanded), at our API
//   version;
// - events of one object are applied in order (the claim holds a later event back while an
//   earlier one is pending) and the projection's guards drop what is older than what it holds
//   (lastEventAt, forward-only status): a late snapshot is a no-op, a newer pending one follows;
// - no other event of the object in the same second carries a different snapshot at the same
//   rank (Stripe's `created` has one-second resolution, so their order is unknown; where the
//   ranks differ, status and amounts only move forward and the projection keeps the furthest,
//   in whatever order they come; where they are equal, only a fetch tells which is last);
// - no listing (resync) newer than the event has been applied: a listed snapshot does not move
//   lastEventAt, so the guard would not stop an older event from overwriting it.
// Everything else is fetched, and a fetch still settles the object's pending siblings.
import { invoiceSnapshotRank } from "../projection/invoice-decision";
import { statusRank } from "../projection/status-order";
import type { Kind, StripeJson } from "../types";

export type RefetchDecision = "apply_snapshot" | "refetch";

export type RefetchReason =
  // apply_snapshot
  | "listed" // a resync row: the listed object is the snapshot
  | "deletion" // a deletion is final; the deleted object may not be retrievable
  | "newest_known" // nothing newer is known for the object
  | "newer_pending" // a newer event is pending and will be applied after this one
  | "older_than_applied" // a newer event was applied already: the guards keep what is there
  | "invoice_payment" // invoice_payment.paid: the InvoicePayment it carries is written as is (the invoice is not fetched)
  | "parent_pending_snapshot" // a missing parent (a charge's payment intent) inserted from its own pending event's snapshot
  // refetch
  | "refetch_always" // the decision is switched off (SETTLE_SYNC_REFETCH=always)
  | "payload_not_object" // invoiceitem.* (and an invoice payment that is not paid): the payload is not the invoice
  | "invoice_not_projected" // an invoice payment for an invoice Settle does not hold yet: fetch the invoice
  | "no_order_guard" // customers and prices have no event-time guard in the projection
  | "api_version" // the snapshot is at another API version than the one we read
  | "listing_newer" // a resync listing at least as new as the event was applied
  | "newer_settled_by_fetch" // a newer event was settled by a fetch, which did not move the guard to it
  | "same_second_conflict" // another snapshot of the object in the same second differs at the same rank
  | "lines_incomplete" // lines missing or `has_more` (an event carries the first 10 only)
  | "discounts_not_expanded" // discount ids where the projection needs the discount objects
  | "parent_not_pending" // a missing parent with no pending event of its own in the inbox: fetch it
  | "parent_kind"; // a missing parent of a kind that is always fetched (only payment intents are taken from the inbox)

export interface RefetchFacts {
  /** Event type (settle.resync for a listed snapshot). */
  type: string;
  isResync: boolean;
  /** The object the event is about (kind), and whether data.object is that object itself. */
  kind: Kind;
  payloadIsObject: boolean;
  deletion: boolean;
  /** The delivered object. */
  snapshot: StripeJson;
  /** The event's API version (null: unknown) and the one Settle reads. */
  apiVersion: string | null;
  ourApiVersion: string;
  /** Stripe's `created` of this event. */
  eventCreated: Date;
  /** The newest resync listing of the object that was applied (its run's time), if any. */
  newestListingAt: Date | null;
  /** Other events of the object, not yet applied, created after this one. */
  newerPending: number;
  /** Other events of the object already applied from their own snapshot or fetch, created after this one. */
  newerApplied: number;
  /**
   * Other events of the object created after this one that a fetch settled without applying
   * them (coalesced siblings): the fetched state is newer than they are, but the guard
   * (lastEventAt) only moved to the event that fetched.
   */
  newerSettled: number;
  /** Other events of the object in the same second whose snapshot differs from this one. */
  sameSecondDiffering: SnapshotRankFields[];
  /** For a payload that is not the target object (invoice_payment.*): whether the invoice is projected already. */
  invoiceProjected?: boolean;
  /** Off switch: always fetch (the behaviour before this decision existed). */
  always?: boolean;
}

/** The fields the projection's same-second rule ranks snapshots by. */
export type SnapshotRankFields = { status?: string | null; amount_paid?: number | string | null; amount_refunded?: number | string | null };

/** The rank the projection's same-second rule gives a snapshot (status-order.ts, invoice-decision.ts). */
export function snapshotRank(kind: Kind, o: SnapshotRankFields): number[] {
  const status = o.status ?? "";
  switch (kind) {
    case "invoice":
      return invoiceSnapshotRank(o);
    case "charge":
      return [statusRank("charge", status), Number(o.amount_refunded ?? 0)];
    case "credit_note":
      return [status === "void" ? 1 : 0];
    default:
      return [statusRank(kind, status)];
  }
}

const sameRank = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const isExpanded = (d: unknown) => typeof d === "object" && d !== null;

/** What the projection needs of an object that a webhook payload may leave out. */
export function incompleteSnapshot(kind: Kind, o: StripeJson): "lines_incomplete" | "discounts_not_expanded" | null {
  if (kind === "invoice") {
    if (!o.lines || !Array.isArray(o.lines.data) || o.lines.has_more !== false) return "lines_incomplete";
    // The projection stores each discount's coupon: ids alone are not enough.
    if (!(o.discounts ?? []).every(isExpanded)) return "discounts_not_expanded";
    for (const l of o.lines.data as StripeJson[]) if (!(l.discounts ?? []).every(isExpanded)) return "discounts_not_expanded";
  }
  // A subscription's items are its lines: the projection replaces them, so it needs all of them.
  if (kind === "subscription") {
    if (!o.items || !Array.isArray(o.items.data) || o.items.has_more !== false) return "lines_incomplete";
  }
  if (kind === "credit_note") {
    if (!o.lines || !Array.isArray(o.lines.data) || o.lines.has_more !== false) return "lines_incomplete";
  }
  return null;
}

/**
 * invoice_payment.paid: data.object is the InvoicePayment itself, complete (Stripe's object:
 * https://docs.stripe.com/api/invoice-payment/object: id, invoice, amount_paid, amount_requested,
 * currency, is_default, payment {type, payment_intent | charge}, status, status_transitions), which
 * is all the projection keeps of a payment (the InvoicePayment row). The invoice's own fields move
 * with its own events (invoice.paid / invoice.updated follow, Stripe emits them for the same
 * change), so the payment row is all this event adds, and it is written as delivered:
 * - `paid` is final for an InvoicePayment (open → paid | canceled), and the row only moves forward
 *   (project-invoice-payment.ts), so a late or duplicated delivery cannot undo a newer state;
 * - at another API version, not paid, or for an invoice Settle does not hold yet (the row needs
 *   it), the invoice is fetched as before (it brings its `payments`, this one included).
 * null: not an invoice payment snapshot.
 */
function invoicePaymentSnapshot(f: RefetchFacts): "apply" | "api_version" | "payload_not_object" | "invoice_not_projected" | null {
  if (!f.type.startsWith("invoice_payment.") || f.snapshot.object !== "invoice_payment") return null;
  if (f.apiVersion !== f.ourApiVersion) return "api_version";
  if (f.snapshot.status !== "paid" || typeof f.snapshot.invoice !== "string") return "payload_not_object";
  if (!f.invoiceProjected) return "invoice_not_projected";
  return "apply";
}

export function decideRefetch(f: RefetchFacts): { decision: RefetchDecision; reason: RefetchReason } {
  const refetch = (reason: RefetchReason) => ({ decision: "refetch" as const, reason });
  const apply = (reason: RefetchReason) => ({ decision: "apply_snapshot" as const, reason });
  if (f.isResync) return apply("listed");
  if (f.always) return refetch("refetch_always");
  if (!f.payloadIsObject) {
    const payment = invoicePaymentSnapshot(f);
    if (payment) return payment === "apply" ? apply("invoice_payment") : refetch(payment);
    return refetch("payload_not_object");
  }
  if (f.deletion) return apply("deletion");
  if (f.kind === "customer" || f.kind === "price") return refetch("no_order_guard");
  if (f.apiVersion !== f.ourApiVersion) return refetch("api_version");
  if (f.newestListingAt && f.newestListingAt.getTime() >= f.eventCreated.getTime()) return refetch("listing_newer");
  if (f.newerSettled > 0) return refetch("newer_settled_by_fetch");
  const mine = snapshotRank(f.kind, f.snapshot);
  if (f.sameSecondDiffering.some((s) => sameRank(snapshotRank(f.kind, s), mine))) return refetch("same_second_conflict");
  const incomplete = incompleteSnapshot(f.kind, f.snapshot);
  if (incomplete) return refetch(incomplete);
  if (f.newerApplied > 0) return apply("older_than_applied");
  if (f.newerPending > 0) return apply("newer_pending");
  return apply("newest_known");
}

/**
 * Whether the newest pending snapshot of an object may stand for the older pending snapshots
 * settled with it (one transaction instead of one per event): applied one by one, the
 * projection would keep the furthest status and amounts (forward-only rules), so the newest must
 * rank at least as far as each of them in every component.
 */
export function newestSnapshotCovers(kind: Kind, newest: SnapshotRankFields, older: SnapshotRankFields[]): boolean {
  const mine = snapshotRank(kind, newest);
  return older.every((o) => snapshotRank(kind, o).every((x, i) => x <= mine[i]));
}

/** A missing parent's own pending event, as the inbox holds it (refetch-facts.ts readPendingParentSnapshots). */
export interface PendingParent {
  type: string;
  apiVersion: string | null;
  object: StripeJson;
}

/**
 * A child references a parent Settle does not hold yet (a charge processed before its payment
 * intent's events: Stripe sends charge.succeeded and payment_intent.succeeded for the same
 * payment, in no guaranteed order, https://docs.stripe.com/webhooks#event-ordering). The parent
 * row is inserted only when missing and is otherwise left alone (apply-objects.ts, `parentOnly`):
 * it need only exist, with its own state. When one of the parent's own events is still pending
 * in the inbox, that event will be applied in its turn and bring the row to its state (the
 * projection's guards as usual), so its delivered snapshot, the full object at the event's moment
 * (`data.object`, https://docs.stripe.com/api/events/object), may stand for the fetch; the oldest
 * pending one is used, so every later event of the parent still moves it forward in order.
 * Fetched as before: another kind, no pending own event, or a snapshot at another API version.
 */
export function decideMissingParent(f: { kind: Kind; id: string; pending: PendingParent | null; ourApiVersion: string; always?: boolean }): {
  decision: RefetchDecision;
  reason: RefetchReason;
} {
  if (f.always) return { decision: "refetch", reason: "refetch_always" };
  if (f.kind !== "payment_intent") return { decision: "refetch", reason: "parent_kind" };
  const p = f.pending;
  if (!p || p.object?.object !== "payment_intent" || p.object.id !== f.id || !p.type.startsWith("payment_intent.")) {
    return { decision: "refetch", reason: "parent_not_pending" };
  }
  if (p.apiVersion !== f.ourApiVersion) return { decision: "refetch", reason: "api_version" };
  return { decision: "apply_snapshot", reason: "parent_pending_snapshot" };
}
