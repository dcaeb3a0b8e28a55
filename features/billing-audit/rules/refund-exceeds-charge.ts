// Stripe never refunds more than a charge; if our records say otherwise, money left twice or
// a projection is wrong. Checked for the charges that paid this invoice.
import { draft } from "./helpers";
import type { FindingDraft, Rule } from "../types";

const COUNTED = new Set(["succeeded", "pending", "requires_action"]);

export const refundExceedsCharge: Rule = (ctx) => {
  const out: FindingDraft[] = [];
  for (const c of ctx.charges) {
    if (!c.invoiceStripeIds.includes(ctx.invoice.stripeId)) continue;
    const refunds = ctx.refunds.filter((r) => r.chargeStripeId === c.stripeId && COUNTED.has(r.status));
    const refunded = refunds.reduce((s, r) => s + r.amount, 0n);
    const worst = refunded > c.amountRefunded ? refunded : c.amountRefunded;
    const single = refunds.find((r) => r.amount > c.amount);
    if (worst <= c.amount && !single) continue;
    out.push(
      draft(ctx, {
        rule: "refund_exceeds_charge",
        fingerprint: `refund_exceeds_charge:${c.stripeId}`,
        severity: "CRITICAL",
        currency: c.currency,
        amountAtStakeMinor: worst - c.amount > 0n ? worst - c.amount : (single?.amount ?? 0n) - c.amount,
        summary: `Charge ${c.stripeId} of ${c.amount} has ${worst} refunded`,
        evidence: {
          charge: c.stripeId,
          amount: c.amount,
          amountRefunded: c.amountRefunded,
          refunds: refunds.map((r) => ({ id: r.stripeId, amount: r.amount, status: r.status })),
        },
        suggestion: { kind: "review", note: "Check the refunds in Stripe; recover the excess or correct the projection with a resync." },
      }),
    );
  }
  return out;
};
