// The one table of the Stripe event types Settle projects: which object an event concerns (its
// kind, and whether the key is the object itself or its invoice), and which events are of one
// family (they refetch the same object the same way, so one refetch settles them all). Intake's
// ordering key, the processor's target and its coalescing all read this table, so they agree.
import type { Kind } from "../types";

export type EventFamily = {
  /** Types starting with this (the most specific prefix wins: "charge.dispute." before "charge."). */
  prefix: string;
  /** Only these types of the prefix are projected; absent: all of them. */
  only?: readonly string[];
  /** Types of the prefix that are not projected (about no stored object). */
  except?: readonly string[];
  /** The Stripe object the event concerns. */
  kind: Kind;
  /** Where its id comes from: data.object itself, or data.object.invoice (what sync refetches and writes for it is the invoice). */
  key: "object" | "invoice";
  /** Events of one family concern one object, refetched the same way. */
  family: string;
  /** The type that says the object was deleted. */
  deletedType?: string;
  /** Types a refetch of the family's object describes: later pending ones are settled by it. */
  coalescable: readonly string[];
};

const FAMILIES: readonly EventFamily[] = [
  {
    prefix: "invoice.",
    // invoice.upcoming announces a renewal: "Sent X number of days before a subscription is
    // scheduled to create an invoice that is automatically charged ... The received Invoice object
    // will not have an invoice ID" (https://docs.stripe.com/api/events/types). It is a preview,
    // not an invoice: nothing to refetch or store (the portal's Next bill reads previews live), so
    // it is acknowledged and ignored like any type Settle does not project.
    except: ["invoice.upcoming"],
    kind: "invoice",
    key: "object",
    family: "invoice",
    deletedType: "invoice.deleted",
    coalescable: [
      "invoice.created",
      "invoice.updated",
      "invoice.finalized",
      "invoice.finalization_failed",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice.payment_failed",
      "invoice.payment_action_required",
      "invoice.sent",
      "invoice.voided",
      "invoice.marked_uncollectible",
      "invoice.overdue",
    ],
  },
  { prefix: "invoiceitem.", kind: "invoice", key: "invoice", family: "invoice", coalescable: ["invoiceitem.created", "invoiceitem.deleted"] },
  { prefix: "invoice_payment.", kind: "invoice", key: "invoice", family: "invoice", coalescable: ["invoice_payment.paid"] },
  {
    prefix: "payment_intent.",
    kind: "payment_intent",
    key: "object",
    family: "payment_intent",
    coalescable: [
      "payment_intent.created",
      "payment_intent.succeeded",
      "payment_intent.payment_failed",
      "payment_intent.canceled",
      "payment_intent.processing",
    ],
  },
  {
    prefix: "charge.dispute.",
    kind: "dispute",
    key: "object",
    family: "dispute",
    coalescable: [
      "charge.dispute.created",
      "charge.dispute.updated",
      "charge.dispute.closed",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.funds_reinstated",
    ],
  },
  // charge.refund.updated is about the refund (data.object is a refund): Stripe sends it beside
  // refund.updated for refunds of charges, and an endpoint may subscribe to either.
  { prefix: "charge.refund.", kind: "refund", key: "object", family: "refund", coalescable: ["charge.refund.updated"] },
  {
    prefix: "charge.",
    kind: "charge",
    key: "object",
    family: "charge",
    coalescable: ["charge.succeeded", "charge.failed", "charge.captured", "charge.refunded", "charge.updated"],
  },
  { prefix: "refund.", kind: "refund", key: "object", family: "refund", coalescable: ["refund.created", "refund.updated", "refund.failed"] },
  {
    prefix: "credit_note.",
    kind: "credit_note",
    key: "object",
    family: "credit_note",
    coalescable: ["credit_note.created", "credit_note.updated", "credit_note.voided"],
  },
  // The subscription's own events (Stripe's event list, "customer.subscription.*"): data.object is
  // the subscription. Deletion is final (status canceled), not a disappearance: a canceled
  // subscription stays retrievable, so customer.subscription.deleted is a status change here.
  {
    prefix: "customer.subscription.",
    only: [
      "customer.subscription.created",
      "customer.subscription.updated",
      "customer.subscription.deleted",
      "customer.subscription.paused",
      "customer.subscription.resumed",
      "customer.subscription.trial_will_end",
      "customer.subscription.pending_update_applied",
      "customer.subscription.pending_update_expired",
    ],
    kind: "subscription",
    key: "object",
    family: "subscription",
    coalescable: [
      "customer.subscription.created",
      "customer.subscription.updated",
      "customer.subscription.deleted",
      "customer.subscription.paused",
      "customer.subscription.resumed",
      "customer.subscription.trial_will_end",
      "customer.subscription.pending_update_applied",
      "customer.subscription.pending_update_expired",
    ],
  },
  // customer.discount.*, customer.source.* … are about other objects.
  {
    prefix: "customer.",
    only: ["customer.created", "customer.updated", "customer.deleted"],
    kind: "customer",
    key: "object",
    family: "customer",
    deletedType: "customer.deleted",
    coalescable: ["customer.created", "customer.updated"],
  },
  { prefix: "price.", kind: "price", key: "object", family: "price", deletedType: "price.deleted", coalescable: [] },
];

// Longest prefix first, so the most specific row wins.
const BY_PREFIX = [...FAMILIES].sort((a, b) => b.prefix.length - a.prefix.length);

/** The table's row for an event type, or null for a type Settle does not project. */
export function eventFamilyOf(type: string): EventFamily | null {
  const row = BY_PREFIX.find((f) => type.startsWith(f.prefix));
  if (!row || (row.only && !row.only.includes(type)) || row.except?.includes(type)) return null;
  return row;
}

/** Every type whose refetch is the same as `type`'s (same family, same object). */
export function sameTargetTypes(type: string): string[] {
  const family = eventFamilyOf(type)?.family;
  return family ? FAMILIES.filter((f) => f.family === family).flatMap((f) => f.coalescable) : [];
}

export const allEventFamilies = (): readonly EventFamily[] => FAMILIES;
