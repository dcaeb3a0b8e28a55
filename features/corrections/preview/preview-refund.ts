import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { checkRefund } from "../limits/check-refund";
import { getApprovalThresholds } from "../thresholds/get-approval-thresholds";
import { loadChargeRole } from "../limits/load-charge-role";
import { loadRefundFacts } from "../limits/load-refund-facts";
import { checkRefundOverride, needsRefundOverride } from "../limits/refund-guard";
import { requiresApproval } from "../approval/requires-approval";

/**
 * Stripe has no refund preview, so this is Settle's own, from synced data: the charge, what is
 * refunded and what other corrections hold, what is left after this refund, whether it needs
 * approval, and every reason createCorrection would refuse it (the same loader and rules).
 * An empty amount is not an error here: the facts of the charge are shown before one is typed.
 */
export async function previewRefund(
  db: Db,
  options: { actor: Actor; input: { disputeId: string; chargeStripeId: string; amount?: string; override?: { confirmed: boolean; reason: string } } },
) {
  assertStaff(options.actor);
  const [{ charge, facts }, role] = await Promise.all([
    loadRefundFacts(db, { disputeId: options.input.disputeId, chargeStripeId: options.input.chargeStripeId }),
    loadChargeRole(db, options.input.chargeStripeId),
  ]);
  const base = checkRefund(facts, options.input.amount ?? "", { amountOptional: true });
  // The not-a-duplicate guard, as createCorrection applies it (an override not yet given is a refusal).
  const check = { ...base, errors: { ...checkRefundOverride(role, options.input.override ?? { confirmed: false, reason: "" }), ...base.errors } };
  const thresholds = charge ? await getApprovalThresholds(db) : {};
  return {
    ...check,
    role,
    needsOverride: needsRefundOverride(role),
    charge: charge && {
      stripeId: charge.stripeId,
      amount: charge.amount,
      currency: charge.currency,
      created: charge.stripeCreated,
      description: charge.description,
    },
    ok: Object.keys(check.errors).length === 0 && check.amount !== null,
    threshold: charge ? (thresholds[charge.currency] ?? null) : null,
    needsApproval: charge && check.amount !== null ? requiresApproval({ amountMinor: check.amount, currency: charge.currency, thresholds }) : null,
  };
}

export type RefundPreview = Awaited<ReturnType<typeof previewRefund>>;
