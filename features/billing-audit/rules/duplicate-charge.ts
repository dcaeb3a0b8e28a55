// A second charge of the same amount to the same customer, shortly after a charge that paid
// this invoice, recorded against no invoice and not refunded: the customer paid twice.
import { draft } from "./helpers";
import type { AuditCharge, FindingDraft, Rule } from "../types";

const succeeded = (c: AuditCharge) => c.status === "succeeded";

export const duplicateCharge: Rule = (ctx) => {
  const inv = ctx.invoice;
  const anchors = ctx.charges.filter((c) => succeeded(c) && c.invoiceStripeIds.includes(inv.stripeId));
  if (!anchors.length) return [];
  const out: FindingDraft[] = [];
  for (const c of ctx.charges) {
    if (!succeeded(c) || c.invoiceStripeIds.length > 0 || c.amountRefunded >= c.amount) continue;
    const first = anchors.find(
      (a) =>
        a.stripeId !== c.stripeId &&
        a.currency === c.currency &&
        a.amount === c.amount &&
        Math.abs(c.stripeCreated.getTime() - a.stripeCreated.getTime()) <= ctx.settings.duplicateWindowMs &&
        // The earlier of the two is the legitimate one.
        a.stripeCreated.getTime() <= c.stripeCreated.getTime(),
    );
    if (!first) continue;
    const refundable = c.amount - c.amountRefunded;
    out.push(
      draft(ctx, {
        rule: "duplicate_charge",
        fingerprint: `duplicate_charge:${c.stripeId}`,
        severity: "HIGH",
        currency: c.currency,
        amountAtStakeMinor: refundable,
        summary: `Charge ${c.stripeId} repeats ${first.stripeId} (same amount, ${Math.round((c.stripeCreated.getTime() - first.stripeCreated.getTime()) / 1000)} s later) and is not refunded`,
        evidence: {
          duplicate: {
            charge: c.stripeId,
            paymentIntent: c.paymentIntentStripeId,
            amount: c.amount,
            created: c.stripeCreated.toISOString(),
            refunded: c.amountRefunded,
          },
          original: { charge: first.stripeId, paymentIntent: first.paymentIntentStripeId, amount: first.amount, created: first.stripeCreated.toISOString() },
          invoice: inv.stripeId,
        },
        suggestion: { kind: "refund", chargeStripeId: c.stripeId, amountMinor: refundable, currency: c.currency, reason: "duplicate" },
      }),
    );
  }
  return out;
};
