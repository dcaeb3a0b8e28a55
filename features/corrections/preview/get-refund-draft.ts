import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isPlainLine, isWellFormedId } from "@/lib/input";
import { minorToDecimalString } from "@/lib/money/index";
import type { Actor } from "@/features/auth/actor";
import { listRefundableCharges } from "./list-refundable-charges";
import { previewRefund } from "./preview-refund";

/**
 * The refund-only form's page: the refundable charges (the invoice's first) and the preview of
 * the refund typed so far. Until someone picks a charge, the duplicate the audit detected is
 * chosen with its refundable amount filled in; without one nothing is preselected, so no charge
 * is refunded just because it came first in a list.
 */
export async function getRefundDraft(
  db: Db,
  options: { actor: Actor; disputeId: string; chargeStripeId?: string; amount?: string; override?: { confirmed: boolean; reason: string } },
) {
  if (!isWellFormedId(options.disputeId)) throw new NotFoundError("Dispute not found");
  // Typed into the query string: values that cannot be a charge id or an amount are dropped,
  // never sent to the database.
  const typed = {
    chargeStripeId: options.chargeStripeId && isWellFormedId(options.chargeStripeId) ? options.chargeStripeId : undefined,
    amount: options.amount && isPlainLine(options.amount) ? options.amount : undefined,
  };
  const draft = await listRefundableCharges(db, { actor: options.actor, disputeId: options.disputeId });
  const picked = options.chargeStripeId !== undefined;
  const chargeStripeId = picked ? (typed.chargeStripeId ?? "") : (draft.suggested?.chargeStripeId ?? "");
  const amount = typed.amount ?? (!picked && draft.suggested ? minorToDecimalString(draft.suggested.amountMinor, draft.suggested.currency) : "");
  const preview = chargeStripeId
    ? await previewRefund(db, { actor: options.actor, input: { disputeId: options.disputeId, chargeStripeId, amount, override: options.override } })
    : null;
  return { ...draft, chargeStripeId, amount, preview, needsOverride: preview?.needsOverride ?? false };
}
