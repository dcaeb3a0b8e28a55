import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { stripeCreditNoteReason } from "@/features/disputes/reasons";
import { getApprovalThresholds } from "../thresholds/get-approval-thresholds";
import { buildCreditNoteLines, prorationChangeKey } from "./build-credit-note-lines";
import { defaultRootCause } from "./default-root-cause";
import { estimateCreditNote } from "./estimate-credit-note";
import { loadInvoiceLimits } from "../limits/load-invoice-limits";
import { prePaymentAmount } from "./pre-payment-amount";
import { recalculatedLines } from "./recalculated-lines";
import type { LineMode } from "../types";

/**
 * Everything a credit note built from a saved recalculation needs before Stripe is asked: its
 * lines, our estimate of the total, the pre-/post-payment parts, the invoice's limits and the
 * approval threshold. Shared by the draft page and createCorrection, so both agree.
 */
export async function loadDraftContext(db: Db, options: { recalculationId: string; mode: LineMode }) {
  const r = await db.recalculation.findUnique({
    where: { id: options.recalculationId },
    select: {
      id: true,
      result: true,
      differenceMinor: true,
      originalTotal: true,
      recalculatedTotal: true,
      currency: true,
      outcome: true,
      createdAt: true,
      dispute: { select: { id: true, number: true, reason: true, status: true, customerId: true } },
      invoice: {
        select: {
          id: true,
          stripeId: true,
          number: true,
          status: true,
          currency: true,
          total: true,
          amountRemaining: true,
          amountPaid: true,
          lines: {
            orderBy: { position: "asc" },
            select: {
              id: true,
              stripeId: true,
              description: true,
              amount: true,
              proration: true,
              subscriptionItemId: true,
              periodStart: true,
              periodEnd: true,
              discounts: { select: { amount: true, scope: true } },
              taxes: { select: { percentage: true, inclusive: true } },
            },
          },
        },
      },
    },
  });
  if (!r || !r.dispute) throw new NotFoundError("Recalculation not found");
  const inv = r.invoice;
  const built = buildCreditNoteLines({
    mode: options.mode,
    lines: recalculatedLines(r.result),
    invoiceLines: inv.lines.map((l) => ({ ...l, changeKey: prorationChangeKey(l) })),
  });
  const estimate = estimateCreditNote({
    currency: inv.currency,
    lines: built.lines,
    invoiceLines: inv.lines.map((l) => ({
      stripeId: l.stripeId,
      amount: l.amount,
      discountTotal: l.discounts.reduce((s, d) => s + d.amount, 0n),
      itemDiscount: l.discounts.reduce((s, d) => (d.scope === "line" ? s + d.amount : s), 0n),
      taxes: l.taxes.map((t) => ({ percentage: t.percentage.toString(), inclusive: t.inclusive })),
    })),
  });
  const limits = await loadInvoiceLimits(db, { invoiceId: inv.id });
  const thresholds = await getApprovalThresholds(db);
  const prePayment = prePaymentAmount({ invoiceStatus: inv.status, amountRemaining: inv.amountRemaining, total: estimate.total });
  return {
    recalculation: {
      id: r.id,
      differenceMinor: r.differenceMinor,
      originalTotal: r.originalTotal,
      recalculatedTotal: r.recalculatedTotal,
      outcome: r.outcome,
      createdAt: r.createdAt,
    },
    dispute: r.dispute,
    invoice: {
      id: inv.id,
      stripeId: inv.stripeId,
      number: inv.number,
      status: inv.status,
      currency: inv.currency,
      total: inv.total,
      amountRemaining: inv.amountRemaining,
      amountPaid: inv.amountPaid,
    },
    invoiceLines: inv.lines.map((l) => ({ id: l.id, stripeId: l.stripeId, description: l.description, amount: l.amount })),
    lines: built.lines,
    skipped: built.skipped,
    estimate,
    prePayment,
    postPayment: estimate.total - prePayment,
    remaining: limits.remaining,
    openChargeback: limits.charges.some((c) => limits.openChargebacks.has(c.stripeId)),
    threshold: thresholds[inv.currency.toLowerCase()] ?? null,
    thresholds,
    defaultReason: stripeCreditNoteReason[r.dispute.reason] ?? "",
    defaultRootCause: defaultRootCause(r.dispute.reason),
  };
}
