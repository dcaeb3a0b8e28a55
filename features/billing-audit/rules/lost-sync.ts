// A payment that succeeded while the invoice stays open past a grace period: Settle (or the
// invoice) missed the payment's events. Resync fixes the projection; Stripe fixes the invoice.
import { draft } from "./helpers";
import type { Rule } from "../types";

export const lostSync: Rule = (ctx) => {
  const inv = ctx.invoice;
  if (inv.status !== "OPEN" && inv.status !== "UNCOLLECTIBLE") return [];
  const cutoff = ctx.now.getTime() - ctx.settings.lostSyncGraceMs;
  const paidPayments = inv.payments.filter((p) => p.status === "paid" && (p.paidAt?.getTime() ?? 0) <= cutoff);
  const paidCharges = ctx.charges.filter((c) => c.status === "succeeded" && c.invoiceStripeIds.includes(inv.stripeId) && c.stripeCreated.getTime() <= cutoff);
  if (!paidPayments.length && !paidCharges.length) return [];
  const paid = paidPayments.reduce((s, p) => s + (p.amountPaid ?? 0n), 0n) || paidCharges.reduce((s, c) => s + c.amount, 0n);
  return [
    draft(ctx, {
      rule: "lost_sync",
      fingerprint: `lost_sync:${inv.stripeId}`,
      severity: "MEDIUM",
      amountAtStakeMinor: paid,
      summary: `Invoice ${inv.number ?? inv.stripeId} is still ${inv.status.toLowerCase()} although ${paid} was paid`,
      evidence: {
        status: inv.status,
        amountRemaining: inv.amountRemaining,
        payments: paidPayments.map((p) => ({ id: p.stripeId, amountPaid: p.amountPaid, paidAt: p.paidAt?.toISOString() ?? null })),
        charges: paidCharges.map((c) => ({ id: c.stripeId, amount: c.amount, created: c.stripeCreated.toISOString() })),
      },
      suggestion: { kind: "resync", stripeIds: [inv.stripeId, ...paidCharges.map((c) => c.stripeId)] },
    }),
  ];
};
