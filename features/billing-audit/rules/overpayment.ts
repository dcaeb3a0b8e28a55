// Paid more than was due, or paid twice: Stripe records the excess as amount_overpaid and a
// second InvoicePayment; either alone is enough to flag it.
import { draft } from "./helpers";
import type { Rule } from "../types";

export const overpayment: Rule = (ctx) => {
  const inv = ctx.invoice;
  const paid = inv.payments.filter((p) => p.status === "paid");
  const paidSum = paid.reduce((s, p) => s + (p.amountPaid ?? 0n), 0n);
  const excessByPayments = paid.length > 0 && paidSum > inv.amountDue ? paidSum - inv.amountDue : 0n;
  const excessByAmounts = inv.amountPaid > inv.amountDue ? inv.amountPaid - inv.amountDue : 0n;
  const stake = [inv.amountOverpaid, excessByPayments, excessByAmounts].reduce((a, b) => (b > a ? b : a), 0n);
  if (stake === 0n && paid.length < 2) return [];
  // Suggest refunding the most recent payment that has a charge or payment intent to refund.
  const last = [...paid].reverse().find((p) => p.chargeStripeId || p.paymentIntentStripeId);
  const charge =
    last?.chargeStripeId ??
    ctx.charges.find((c) => c.paymentIntentStripeId && c.paymentIntentStripeId === last?.paymentIntentStripeId && c.status === "succeeded")?.stripeId;
  const amount = stake > 0n ? stake : (last?.amountPaid ?? 0n);
  return [
    draft(ctx, {
      rule: "overpayment",
      fingerprint: `overpayment:${inv.stripeId}`,
      // Two payments that add up to exactly what was due is unusual but costs nobody money.
      severity: stake > 0n ? "HIGH" : "LOW",
      amountAtStakeMinor: amount,
      summary: `Invoice ${inv.number ?? inv.stripeId}: ${paid.length} successful payment(s) totalling ${paidSum} against ${inv.amountDue} due`,
      evidence: {
        amountDue: inv.amountDue,
        amountPaid: inv.amountPaid,
        amountOverpaid: inv.amountOverpaid,
        payments: paid.map((p) => ({
          id: p.stripeId,
          paymentIntent: p.paymentIntentStripeId,
          charge: p.chargeStripeId,
          amountPaid: p.amountPaid,
          paidAt: p.paidAt?.toISOString() ?? null,
        })),
      },
      suggestion: charge
        ? { kind: "refund", chargeStripeId: charge, amountMinor: amount, currency: inv.currency, reason: "duplicate" }
        : { kind: "review", note: "Refund the excess payment or credit it to the customer's balance." },
    }),
  ];
};
