import type { InvoiceStatus } from "@prisma/client";
import { invoiceStatusMayMove, isStaleSnapshot, laterDate, toInvoiceStatus } from "./status-order";
import type { StripeJson } from "../types";

// What projectInvoice decides for one invoice snapshot, as a pure function, so the live sync and
// replay's in-memory fold (foldInvoiceEvents) apply the very same rules.

// Invoice status ranks for same-second snapshots.
const STATUS_RANK: Record<InvoiceStatus, number> = { DRAFT: 0, OPEN: 1, UNCOLLECTIBLE: 2, PAID: 3, VOID: 3, DELETED: 3 };

/** How far along an invoice snapshot is, as the same-second rule compares them. */
export function invoiceSnapshotRank(inv: StripeJson): number[] {
  const status = typeof inv.status === "string" ? STATUS_RANK[toInvoiceStatus(inv.status)] : 0;
  return [status, Number(inv.amount_paid ?? 0)];
}

/** What is stored of an invoice before a snapshot is applied (null: not projected yet). */
export interface InvoiceState {
  status: InvoiceStatus;
  lastEventAt: Date | null;
  amountPaid: bigint;
  hasLines: boolean;
}

/**
 * null: the snapshot is stale (older than what is stored, or a status that may not move back).
 * Otherwise the invoice's new lastEventAt, and whether its lines are rewritten: lines, discounts
 * and taxes are frozen once an invoice leaves draft, so only while they can still change, or
 * when they were never stored. `eventAt` null: an authoritative snapshot (resync, parent fetch).
 */
export function decideInvoiceSnapshot(
  state: InvoiceState | null,
  inv: StripeJson,
  status: InvoiceStatus,
  eventAt: Date | null,
): { lastEventAt: Date | null; rewriteLines: boolean } | null {
  if (
    state &&
    isStaleSnapshot({
      lastEventAt: eventAt ? state.lastEventAt : null,
      eventAt: eventAt ?? new Date(0),
      statusMayMove: invoiceStatusMayMove(state.status, status),
      incomingRank: [STATUS_RANK[status], Number(inv.amount_paid ?? 0)],
      storedRank: [STATUS_RANK[state.status], Number(state.amountPaid)],
    })
  )
    return null;
  return {
    lastEventAt: eventAt ? laterDate(state?.lastEventAt ?? null, eventAt) : (state?.lastEventAt ?? null),
    rewriteLines: !state || state.status === "DRAFT" || status === "DRAFT" || !state.hasLines,
  };
}
