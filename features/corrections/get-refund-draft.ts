import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isPlainLine, isWellFormedId } from "@/lib/input";
import type { Actor } from "@/features/disputes/access";
import { listRefundableCharges } from "./list-refundable-charges";
import { previewRefund } from "./preview-refund";

/**
 * The refund-only form's page: the customer's refundable charges and the preview of the refund
 * typed so far (the chosen charge, else the first one offered).
 */
export async function getRefundDraft(db: Db, options: { actor: Actor; disputeId: string; chargeStripeId?: string; amount?: string }) {
  if (!isWellFormedId(options.disputeId)) throw new NotFoundError("Dispute not found");
  // Typed into the query string: values that cannot be a charge id or an amount are dropped
  // (the form then offers the first refundable charge), never sent to the database.
  const typed = { chargeStripeId: options.chargeStripeId && isWellFormedId(options.chargeStripeId) ? options.chargeStripeId : undefined, amount: options.amount && isPlainLine(options.amount) ? options.amount : undefined };
  const draft = await listRefundableCharges(db, { actor: options.actor, disputeId: options.disputeId });
  const chargeStripeId = typed.chargeStripeId || draft.charges[0]?.stripeId;
  const preview = chargeStripeId ? await previewRefund(db, { actor: options.actor, input: { disputeId: options.disputeId, chargeStripeId, amount: typed.amount } }) : null;
  return { ...draft, chargeStripeId: chargeStripeId ?? "", amount: typed.amount ?? "", preview };
}
