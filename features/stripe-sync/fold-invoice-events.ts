import type { InvoiceStatus } from "@prisma/client";
import { big } from "./convert";
import { invoiceStatusMayMove, isStaleSnapshot, laterDate, toInvoiceStatus } from "./status-order";
import type { StripeJson, TaxRateInfo } from "./types";

// Invoice status ranks, as projectInvoice ranks them for same-second snapshots.
const STATUS_RANK: Record<InvoiceStatus, number> = { DRAFT: 0, OPEN: 1, UNCOLLECTIBLE: 2, PAID: 3, VOID: 3, DELETED: 3 };

/** What projectInvoice reads of a stored invoice before deciding. */
export interface InvoiceState { status: InvoiceStatus; lastEventAt: Date | null; amountPaid: bigint; hasLines: boolean }

/** One invoice snapshot as an event applied it (parentOnly: brought as a missing parent). */
export interface InvoiceApplication { inv: StripeJson; rates: Record<string, TaxRateInfo>; eventAt: Date | null; parentOnly: boolean }

/** The net effect of a run of applications: one write instead of one per event. */
export interface FoldedInvoice {
  inv: StripeJson;
  lastEventAt: Date | null;
  lines: { inv: StripeJson; rates: Record<string, TaxRateInfo> } | null;
  fresh: boolean;
  payments: StripeJson[];
}

export const UNFOLDABLE = "unfoldable" as const;

/**
 * Runs projectInvoice's decisions (parent-only insert, staleness, forward-only status, lines
 * frozen once out of draft, payments upserted by every applied snapshot) over one invoice's
 * applications in order, in memory. Returns what the sequence leaves behind, null when nothing
 * applies, or UNFOLDABLE for the cases whose effect depends on more than this state (deleted
 * invoices, a missing customer, a rewrite to zero lines where disputed lines may survive):
 * those go through the per-event path.
 */
export function foldInvoiceEvents(start: InvoiceState | null, apps: InvoiceApplication[]): FoldedInvoice | null | typeof UNFOLDABLE {
  let state = start;
  let last: { inv: StripeJson; lastEventAt: Date | null } | null = null;
  let lines: FoldedInvoice["lines"] = null;
  const payments = new Map<string, StripeJson>();
  for (const a of apps) {
    if (a.inv.deleted || a.inv.status === "deleted" || !a.inv.customer) return UNFOLDABLE;
    if (a.parentOnly && state) continue; // parents only insert when missing
    const eventAt = a.parentOnly ? null : a.eventAt;
    const status = toInvoiceStatus(a.inv.status);
    if (state && isStaleSnapshot({
      lastEventAt: eventAt ? state.lastEventAt : null,
      eventAt: eventAt ?? new Date(0),
      statusMayMove: invoiceStatusMayMove(state.status, status),
      incomingRank: [STATUS_RANK[status], Number(a.inv.amount_paid ?? 0)],
      storedRank: [STATUS_RANK[state.status], Number(state.amountPaid)],
    })) continue;
    const lastEventAt = eventAt ? laterDate(state?.lastEventAt ?? null, eventAt) : (state?.lastEventAt ?? null);
    let hasLines = state?.hasLines ?? false;
    if (!state || state.status === "DRAFT" || status === "DRAFT" || !state.hasLines) {
      const n = a.inv.lines?.data?.length ?? 0;
      if (n === 0 && start) return UNFOLDABLE;
      hasLines = n > 0;
      lines = { inv: a.inv, rates: a.rates };
    }
    for (const p of a.inv.payments?.data ?? []) payments.set(p.id, p);
    state = { status, lastEventAt, amountPaid: big(a.inv.amount_paid), hasLines };
    last = { inv: a.inv, lastEventAt };
  }
  if (!last) return null;
  return { inv: last.inv, lastEventAt: last.lastEventAt, lines, fresh: start === null, payments: [...payments.values()] };
}
