import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/disputes/access";
import { checkRefund } from "./check-refund";
import { getApprovalThresholds } from "./get-approval-thresholds";
import { loadRefundFacts } from "./load-refund-facts";
import { requiresApproval } from "./requires-approval";

/**
 * Stripe has no refund preview, so this is Settle's own, from synced data: the charge, what is
 * refunded and what other corrections hold, what is left after this refund, whether it needs
 * approval, and every reason createCorrection would refuse it (the same loader and rules).
 * An empty amount is not an error here: the facts of the charge are shown before one is typed.
 */
export async function previewRefund(db: Db, options: { actor: Actor; input: { disputeId: string; chargeStripeId: string; amount?: string } }) {
  assertStaff(options.actor);
  const { charge, facts } = await loadRefundFacts(db, { disputeId: options.input.disputeId, chargeStripeId: options.input.chargeStripeId });
  const check = checkRefund(facts, options.input.amount ?? "", { amountOptional: true });
  const thresholds = charge ? await getApprovalThresholds(db) : {};
  return {
    ...check,
    charge: charge && { stripeId: charge.stripeId, amount: charge.amount, currency: charge.currency, created: charge.stripeCreated, description: charge.description },
    ok: Object.keys(check.errors).length === 0 && check.amount !== null,
    threshold: charge ? (thresholds[charge.currency] ?? null) : null,
    needsApproval: charge && check.amount !== null ? requiresApproval({ amountMinor: check.amount, currency: charge.currency, thresholds }) : null,
  };
}

export type RefundPreview = Awaited<ReturnType<typeof previewRefund>>;
