import "server-only";
import type { Db } from "@/lib/db";
import type { Actor } from "@/features/disputes/access";
import { listRefundableCharges } from "./list-refundable-charges";
import { previewRefund } from "./preview-refund";

/**
 * The refund-only form's page: the customer's refundable charges and the preview of the refund
 * typed so far (the chosen charge, else the first one offered).
 */
export async function getRefundDraft(db: Db, options: { actor: Actor; disputeId: string; chargeStripeId?: string; amount?: string }) {
  const draft = await listRefundableCharges(db, { actor: options.actor, disputeId: options.disputeId });
  const chargeStripeId = options.chargeStripeId || draft.charges[0]?.stripeId;
  const preview = chargeStripeId ? await previewRefund(db, { actor: options.actor, input: { disputeId: options.disputeId, chargeStripeId, amount: options.amount } }) : null;
  return { ...draft, chargeStripeId: chargeStripeId ?? "", amount: options.amount ?? "", preview };
}
