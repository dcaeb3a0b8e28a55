import "server-only";
import type { Prisma } from "@prisma/client";
import type { ChargeRole } from "./refund-guard";

/**
 * The charge's role for the refund guard (see refund-guard.ts). An invoice payment records its
 * charge or only its payment intent, so both are matched. Another paid payment on the same
 * invoice (a second charge, an out-of-band payment) means this charge is not its only payment.
 */
export async function loadChargeRole(db: Prisma.TransactionClient, chargeStripeId: string): Promise<ChargeRole> {
  const [finding, charge] = await Promise.all([
    db.finding.findUnique({ where: { fingerprint: `duplicate_charge:${chargeStripeId}` }, select: { id: true, status: true } }),
    db.charge.findUnique({ where: { stripeId: chargeStripeId }, select: { paymentIntent: { select: { stripeId: true } } } }),
  ]);
  const duplicateFindingId = finding && finding.status !== "DISMISSED" ? finding.id : null;
  const pi = charge?.paymentIntent?.stripeId ?? null;
  const mine: Prisma.InvoicePaymentWhereInput[] = [{ chargeStripeId }, ...(pi ? [{ paymentIntentStripeId: pi }] : [])];
  const paid = await db.invoicePayment.findMany({
    where: { OR: mine, status: "paid", invoice: { status: "PAID" } },
    select: { invoiceId: true, invoice: { select: { number: true, stripeId: true } } },
  });
  for (const p of paid) {
    // Filtered here, not with NOT(…) in SQL: a payment with a null charge id would drop out of a NOT.
    const all = await db.invoicePayment.findMany({
      where: { invoiceId: p.invoiceId, status: "paid" },
      select: { chargeStripeId: true, paymentIntentStripeId: true },
    });
    const others = all.filter((x) => x.chargeStripeId !== chargeStripeId && (pi === null || x.paymentIntentStripeId !== pi));
    if (others.length === 0) return { duplicateFindingId, solePaymentOf: p.invoice.number ?? p.invoice.stripeId };
  }
  return { duplicateFindingId, solePaymentOf: null };
}
