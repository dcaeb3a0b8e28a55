import type { MessageKey } from "@/lib/i18n/index";
import "server-only";
import type { CorrectionStatus } from "@prisma/client";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe";
import { writeAudit, type AuditActor } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { SYSTEM_ACTOR } from "../confirm/apply-confirmation";
import { checkRefund, REFUND_SENT } from "../limits/check-refund";
import { loadInvoiceLimits } from "../limits/load-invoice-limits";
import { loadRefundFacts } from "../limits/load-refund-facts";
import { lockCorrection } from "../lock-correction";
import { recordStripeResult } from "./record-stripe-result";
import { sendToStripe } from "./send-to-stripe";
import { canCorrectionTransition } from "../state-machine";
import { TX_OPTIONS } from "../tx-options";

export type IssueResult = { status: CorrectionStatus; error?: string; stripeId?: string };

/**
 * Sends an approved (or failed, for a retry) correction to Stripe, at most once.
 * 1. In one transaction holding the invoice's row lock: re-check the limits (what can still be
 *    credited or refunded, counting corrections in flight; no refund on a charge with an open chargeback),
 *    then SUBMITTING, audited, committed — before Stripe is called.
 * 2. Stripe, under the idempotency key derived from the correction's id.
 * 3. The answer is recorded (recordStripeResult). A crash between 2 and 3 leaves SUBMITTING,
 *    which recoverSubmittingCorrections() settles without a second credit note.
 */
export type IssueCorrectionOptions = {
  actor: Actor | "system";
  correctionId: string;
  stripe?: Stripe;
  /** Called after Stripe answered and before the answer is recorded (the crash-recovery test dies here). */
  afterStripeAnswered?: () => void | Promise<void>;
};

export async function issueCorrection(db: Db, options: IssueCorrectionOptions): Promise<IssueResult> {
  const actor: AuditActor = options.actor === "system" ? SYSTEM_ACTOR : auditActor(assertStaff(options.actor));
  const claimed = await db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, options.correctionId, { invoice: true });
    if (!canCorrectionTransition(c.status, "SUBMITTING")) throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    const limits = await loadInvoiceLimits(tx, { invoiceId: c.invoiceId, excludeCorrectionId: c.id });
    let refused: string | null = null;
    if (c.kind === "credit_note") {
      if (limits.invoice.status !== "OPEN" && limits.invoice.status !== "PAID") refused = "desk.corrections.err.invoiceStatus";
      else if (c.amountMinor > limits.remaining) refused = "desk.corrections.err.overLimit";
      else if (c.refundMinor > 0n && limits.charges.some((ch) => limits.openChargebacks.has(ch.stripeId))) refused = "desk.corrections.err.chargeback";
    } else {
      // createCorrection's rules again, now under the invoice lock and counting the refund
      // corrections already sent for this charge: two that slipped past create together are never
      // both sent. A dispute closed meanwhile does not stop the money (the customer is still told).
      const { facts } = await loadRefundFacts(tx, {
        disputeId: c.disputeId ?? "",
        chargeStripeId: c.chargeStripeId ?? "",
        excludeCorrectionId: c.id,
        holding: REFUND_SENT,
      });
      const { errors } = checkRefund({ ...facts, disputeClosed: false }, c.amountMinor);
      refused = errors.chargeStripeId ?? errors.amount ?? null;
    }
    if (refused) {
      // Not sent: it stays as it was and the person sees why (after a void or a resync it may pass).
      await writeAudit(tx, {
        actor,
        action: "correction.refused",
        entityType: "correction",
        entityId: c.id,
        before: { status: c.status },
        after: { status: c.status, remaining: limits.remaining },
        reason: refused,
      });
      return { refused, c };
    }
    await tx.correction.update({
      where: { id: c.id },
      data: { status: "SUBMITTING", attempts: { increment: 1 }, submittedAt: new Date(), lastError: null, version: { increment: 1 } },
    });
    await writeAudit(tx, {
      actor,
      action: "correction.submit",
      entityType: "correction",
      entityId: c.id,
      before: { status: c.status },
      after: { status: "SUBMITTING", attempt: c.attempts + 1, idempotencyKey: c.idempotencyKey },
    });
    return { refused: null, c, invoiceStripeId: limits.invoice.stripeId };
  }, TX_OPTIONS);
  if (claimed.refused) {
    // Audited above; the refusal is committed and the caller gets it as a form error.
    throw new ValidationError(claimed.refused as MessageKey, { form: claimed.refused });
  }
  const c = claimed.c;
  const outcome = await sendToStripe(options.stripe ?? getStripe(), { correction: c, invoiceStripeId: claimed.invoiceStripeId!, lookFirst: c.attempts > 0 });
  await options.afterStripeAnswered?.();
  return recordStripeResult(db, { correctionId: c.id, outcome, actor });
}
