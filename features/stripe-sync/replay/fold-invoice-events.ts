import { big } from "../convert";
import { decideInvoiceSnapshot, type InvoiceState } from "../projection/invoice-decision";
import { invoicePaymentMayMove, toInvoiceStatus } from "../projection/status-order";
import type { StripeJson, TaxRateInfo } from "../types";

export type { InvoiceState };

/**
 * One invoice snapshot as an event applied it (parentOnly: brought as a missing parent), or one
 * delivered InvoicePayment of the invoice (`payment`: invoice_payment.paid applied as is, which
 * writes only that payment's row, project-invoice-payment.ts).
 */
export type InvoiceApplication =
  | { inv: StripeJson; rates: Record<string, TaxRateInfo>; eventAt: Date | null; parentOnly: boolean; payment?: undefined }
  | { payment: StripeJson; inv?: undefined };

/** The net effect of a run of applications: one write instead of one per event (inv null: only payments were delivered, the row stays). */
export interface FoldedInvoice {
  inv: StripeJson | null;
  lastEventAt: Date | null;
  lines: { inv: StripeJson; rates: Record<string, TaxRateInfo> } | null;
  fresh: boolean;
  payments: StripeJson[];
}

export const UNFOLDABLE = "unfoldable" as const;

/**
 * Runs projectInvoice's decisions (decideInvoiceSnapshot: staleness, forward-only status, lines
 * frozen once out of draft; parent-only insert; payments upserted by every applied snapshot) over one invoice's
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
    if (a.payment) {
      // projectInvoicePayment needs the invoice row (live sync checked it was there).
      if (!state) return UNFOLDABLE;
      if (invoicePaymentMayMove(payments.get(a.payment.id)?.status, a.payment.status)) payments.set(a.payment.id, a.payment);
      continue;
    }
    if (a.inv.deleted || a.inv.status === "deleted" || !a.inv.customer) return UNFOLDABLE;
    if (a.parentOnly && state) continue; // parents only insert when missing
    const eventAt = a.parentOnly ? null : a.eventAt;
    const status = toInvoiceStatus(a.inv.status);
    const decision = decideInvoiceSnapshot(state, a.inv, status, eventAt);
    if (!decision) continue;
    const { lastEventAt } = decision;
    let hasLines = state?.hasLines ?? false;
    if (decision.rewriteLines) {
      const n = a.inv.lines?.data?.length ?? 0;
      if (n === 0 && start) return UNFOLDABLE;
      hasLines = n > 0;
      lines = { inv: a.inv, rates: a.rates };
    }
    // The row's own guard (project-invoice-payment.ts): a settled payment never goes back to open.
    for (const p of a.inv.payments?.data ?? []) if (invoicePaymentMayMove(payments.get(p.id)?.status, p.status)) payments.set(p.id, p);
    state = { status, lastEventAt, amountPaid: big(a.inv.amount_paid), hasLines };
    last = { inv: a.inv, lastEventAt };
  }
  if (!last && !payments.size) return null;
  return {
    inv: last?.inv ?? null,
    lastEventAt: last ? last.lastEventAt : (start?.lastEventAt ?? null),
    lines,
    fresh: start === null,
    payments: [...payments.values()],
  };
}
