import "server-only";
import { big, bigOrNull, idOf, toDate } from "../convert";
import { INVOICE_PAYMENT_SETTLED } from "./status-order";
import type { ProjectionChange, StripeJson, Tx } from "../types";

// An InvoicePayment's status only moves forward (status-order.ts, invoicePaymentMayMove): the SQL
// guard below is the same rule.
const SETTLED = INVOICE_PAYMENT_SETTLED;

/** Upserts the InvoicePayment rows of one invoice (its expanded `payments`, or one delivered payment). */
export async function upsertInvoicePayments(tx: Tx, invoiceId: string, ps: StripeJson[]): Promise<void> {
  if (!ps.length) return;
  const iso = (v: number | null | undefined) => toDate(v)?.toISOString() ?? null;
  await tx.$executeRaw`
    INSERT INTO "InvoicePayment" AS p (id, "stripeId", "invoiceId", "paymentIntentStripeId", "chargeStripeId", "outOfBand", "amountPaid", "amountRequested",
                                  currency, status, "isDefault", "paidAt", "stripeCreated")
    SELECT gen_random_uuid()::text, s, ${invoiceId}, pi, ch, oob, ap::bigint, ar::bigint, cur, st, def, (pa::timestamptz AT TIME ZONE 'UTC'), (sc::timestamptz AT TIME ZONE 'UTC')
      FROM unnest(${ps.map((p) => p.id as string)}::text[],
                  ${ps.map((p) => (p.payment?.type === "payment_intent" ? idOf(p.payment.payment_intent) : null))}::text[],
                  ${ps.map((p) => (p.payment?.type === "charge" ? idOf(p.payment.charge) : null))}::text[],
                  ${ps.map((p) => p.payment?.type === "out_of_band_payment")}::boolean[],
                  ${ps.map((p) => bigOrNull(p.amount_paid)?.toString() ?? null)}::text[], ${ps.map((p) => big(p.amount_requested).toString())}::text[],
                  ${ps.map((p) => p.currency as string)}::text[], ${ps.map((p) => p.status as string)}::text[], ${ps.map((p) => p.is_default !== false)}::boolean[],
                  ${ps.map((p) => iso(p.status_transitions?.paid_at))}::text[], ${ps.map((p) => iso(p.created) ?? new Date(0).toISOString())}::text[])
           AS t(s, pi, ch, oob, ap, ar, cur, st, def, pa, sc)
    ON CONFLICT ("stripeId") DO UPDATE SET "invoiceId" = EXCLUDED."invoiceId", "paymentIntentStripeId" = EXCLUDED."paymentIntentStripeId",
      "chargeStripeId" = EXCLUDED."chargeStripeId", "outOfBand" = EXCLUDED."outOfBand", "amountPaid" = EXCLUDED."amountPaid",
      "amountRequested" = EXCLUDED."amountRequested", currency = EXCLUDED.currency, status = EXCLUDED.status, "isDefault" = EXCLUDED."isDefault",
      "paidAt" = EXCLUDED."paidAt", "stripeCreated" = EXCLUDED."stripeCreated"
     WHERE NOT (p.status = ANY(${SETTLED}::text[]) AND NOT (EXCLUDED.status = ANY(${SETTLED}::text[])))`;
}

/**
 * invoice_payment.paid applied as delivered (refetch-decision.ts, reason `invoice_payment`): the
 * payment row of an invoice Settle holds. The change is reported as the invoice's, so what
 * re-audits an invoice on a new payment (the billing audit) sees it as before, when the event
 * fetched the invoice.
 */
export async function projectInvoicePayment(tx: Tx, ip: StripeJson): Promise<ProjectionChange | null> {
  const invoiceStripeId = idOf(ip.invoice);
  if (!invoiceStripeId) throw new Error(`invoice payment ${ip.id} names no invoice`);
  const [inv] = await tx.$queryRaw<{ id: string; customerId: string }[]>`SELECT id, "customerId" FROM "Invoice" WHERE "stripeId" = ${invoiceStripeId}`;
  // The decision checked it is there; a retry decides again (and fetches the invoice).
  if (!inv) throw new Error(`invoice ${invoiceStripeId} of invoice payment ${ip.id} is not projected`);
  await upsertInvoicePayments(tx, inv.id, [ip]);
  return { kind: "invoice", stripeId: invoiceStripeId, customerId: inv.customerId, invoiceId: inv.id };
}
