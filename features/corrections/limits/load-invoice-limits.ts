import "server-only";
import type { Prisma } from "@prisma/client";
import { NotFoundError } from "@/lib/errors";
import { remainingCreditable } from "./remaining-creditable";

type Tx = Prisma.TransactionClient;

// Stripe's dispute statuses that are over: a refund is possible again.
export const CLOSED_CHARGEBACK = ["won", "lost", "warning_closed", "charge_refunded", "prevented"];

/**
 * Everything the limits need about one invoice, read inside the caller's transaction (which
 * holds the invoice's row lock when issuing): what can still be credited, the invoice's charges
 * and which of them carry an open chargeback.
 */
export async function loadInvoiceLimits(tx: Tx, options: { invoiceId: string; excludeCorrectionId?: string }) {
  const invoice = await tx.invoice.findUnique({
    where: { id: options.invoiceId },
    select: { id: true, stripeId: true, status: true, currency: true, total: true, amountRemaining: true, amountPaid: true, customerId: true, number: true },
  });
  if (!invoice) throw new NotFoundError("Invoice not found");
  const payments = await tx.invoicePayment.findMany({ where: { invoiceId: invoice.id }, select: { chargeStripeId: true, paymentIntentStripeId: true } });
  const pis = payments.map((p) => p.paymentIntentStripeId).filter((x): x is string => !!x);
  const charges = await tx.charge.findMany({
    where: {
      OR: [
        { stripeId: { in: payments.map((p) => p.chargeStripeId).filter((x): x is string => !!x) } },
        ...(pis.length ? [{ paymentIntent: { stripeId: { in: pis } } }] : []),
      ],
    },
    select: { id: true, stripeId: true, amount: true, amountRefunded: true, status: true, currency: true },
  });
  const [creditNotes, refunds, inFlight, chargebacks] = await Promise.all([
    tx.creditNote.findMany({ where: { invoiceId: invoice.id }, select: { stripeId: true, total: true, status: true } }),
    tx.refund.findMany({
      where: { chargeId: { in: charges.map((c) => c.id) } },
      select: { stripeId: true, amount: true, status: true, creditNoteStripeId: true },
    }),
    tx.correction.findMany({
      where: {
        invoiceId: invoice.id,
        status: { in: ["SUBMITTING", "ISSUED"] },
        ...(options.excludeCorrectionId ? { id: { not: options.excludeCorrectionId } } : {}),
      },
      select: { kind: true, amountMinor: true, stripeCreditNoteId: true, stripeRefundId: true },
    }),
    tx.chargeback.findMany({
      where: { chargeStripeId: { in: charges.map((c) => c.stripeId) }, status: { notIn: CLOSED_CHARGEBACK } },
      select: { chargeStripeId: true },
    }),
  ]);
  // Only credit-note corrections use up the invoice's creditable amount here: a refund-only
  // correction is counted once its refund is synced (a duplicate charge is money beyond the total).
  const remaining = remainingCreditable({ invoiceTotal: invoice.total, creditNotes, refunds, inFlight: inFlight.filter((c) => c.kind !== "refund") });
  return { invoice, charges, remaining, openChargebacks: new Set(chargebacks.map((c) => c.chargeStripeId)) };
}
