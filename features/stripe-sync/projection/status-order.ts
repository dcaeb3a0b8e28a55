import type { InvoiceStatus } from "@prisma/client";

// Stripe's invoice lifecycle: draft→open|deleted, open→paid|void|uncollectible,
// uncollectible→paid|void. paid, void and deleted are final.
const INVOICE_NEXT: Record<InvoiceStatus, InvoiceStatus[]> = {
  DRAFT: ["OPEN", "DELETED", "PAID", "VOID", "UNCOLLECTIBLE"],
  OPEN: ["PAID", "VOID", "UNCOLLECTIBLE"],
  UNCOLLECTIBLE: ["PAID", "VOID"],
  PAID: [],
  VOID: [],
  DELETED: [],
};

export function toInvoiceStatus(s: string | null | undefined): InvoiceStatus {
  switch (s) {
    case "draft":
      return "DRAFT";
    case "open":
      return "OPEN";
    case "paid":
      return "PAID";
    case "uncollectible":
      return "UNCOLLECTIBLE";
    case "void":
      return "VOID";
    case "deleted":
      return "DELETED";
    default:
      throw new Error(`unknown invoice status ${String(s)}`);
  }
}

export const invoiceStatusMayMove = (from: InvoiceStatus, to: InvoiceStatus): boolean => from === to || INVOICE_NEXT[from].includes(to);

// For objects without a strict graph a rank is enough: a lower rank never replaces a higher one.
const RANKS: Record<string, Record<string, number>> = {
  payment_intent: {
    requires_payment_method: 0,
    requires_confirmation: 1,
    requires_action: 2,
    processing: 3,
    requires_capture: 4,
    succeeded: 9,
    canceled: 9,
  },
  charge: { pending: 0, succeeded: 9, failed: 9 },
  refund: { pending: 0, requires_action: 0, succeeded: 5, failed: 9, canceled: 9 },
  dispute: {
    warning_needs_response: 0,
    needs_response: 0,
    warning_under_review: 1,
    under_review: 1,
    won: 9,
    lost: 9,
    warning_closed: 9,
    prevented: 9,
  },
  credit_note: { issued: 0, void: 9 },
  // Stripe's subscription statuses (Subscription object, `status`): incomplete_expired "is a
  // terminal status", and a canceled subscription can no longer be updated (only its metadata
  // and cancellation_details); the others move back and forth (active ↔ past_due, a paused
  // subscription "can be resumed", an active one may be given a new trial), so the rank only
  // orders snapshots of the same second.
  subscription: { incomplete: 0, trialing: 1, active: 2, past_due: 2, unpaid: 2, paused: 2, incomplete_expired: 9, canceled: 9 },
};

export function statusRank(kind: keyof typeof RANKS | string, status: string): number {
  return RANKS[kind]?.[status] ?? 0;
}

/**
 * Decides whether an incoming snapshot may replace the stored one.
 * - older than the newest event applied: stale, changes nothing;
 * - a status that would move backwards: stale (e.g. `invoice.updated` with status open
 *   arriving after `invoice.paid` of the same second);
 * - in the same second, a snapshot that is "behind" on a monotonic measure (rank) is stale.
 */
export function isStaleSnapshot(opts: {
  lastEventAt: Date | null;
  eventAt: Date;
  statusMayMove: boolean;
  incomingRank?: number[];
  storedRank?: number[];
}): boolean {
  if (!opts.statusMayMove) return true;
  if (!opts.lastEventAt) return false;
  const last = opts.lastEventAt.getTime();
  const at = opts.eventAt.getTime();
  if (at < last) return true;
  if (at > last) return false;
  const a = opts.incomingRank ?? [];
  const b = opts.storedRank ?? [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

export const laterDate = (a: Date | null, b: Date): Date => (a && a.getTime() > b.getTime() ? a : b);

// An InvoicePayment's status only moves forward: open → paid | canceled (Stripe:
// https://docs.stripe.com/api/invoice-payment/object, `status` and `status_transitions`). A
// snapshot still showing `open` (a resync listing read before the payment, an older fetch) never
// overwrites a settled one; anything else is Stripe's newer word and replaces the row.
export const INVOICE_PAYMENT_SETTLED = ["paid", "canceled"];

/** Whether an InvoicePayment snapshot may replace the one held (project-invoice-payment.ts's SQL guard, replay's fold). */
export const invoicePaymentMayMove = (held: string | null | undefined, incoming: string | null | undefined): boolean =>
  !(held && INVOICE_PAYMENT_SETTLED.includes(held) && !INVOICE_PAYMENT_SETTLED.includes(incoming ?? ""));
