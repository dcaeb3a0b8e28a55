import "server-only";
import type { CorrectionStatus } from "@prisma/client";
import type { Db } from "@/lib/db";
import { writeAudit, type AuditActor } from "@/features/audit-log/write-audit";
import { applyConfirmation } from "../confirm/apply-confirmation";
import { correctionIdempotencyKey } from "./idempotency-key";
import { lockCorrection } from "../lock-correction";
import { TX_OPTIONS } from "../tx-options";
import type { StripeOutcome } from "./send-to-stripe";

const generationOf = (key: string) => Number(/-g(\d+)$/.exec(key)?.[1] ?? 0);

/**
 * Stores what Stripe answered for a correction in SUBMITTING. Accepted: its Stripe id (the
 * webhook then confirms it; if the webhook was already synced, it is confirmed right here).
 * Refused or unreachable: FAILED with Stripe's message, retryable under the next key (a retry
 * looks up the correction's object in Stripe first, so a lost success is never sent twice).
 */
export async function recordStripeResult(
  db: Db,
  options: { correctionId: string; outcome: StripeOutcome; actor: AuditActor },
): Promise<{ status: CorrectionStatus; error?: string; stripeId?: string }> {
  const { outcome } = options;
  return db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, options.correctionId);
    if (!outcome.ok) {
      if (c.status !== "SUBMITTING") return { status: c.status };
      await tx.correction.update({
        where: { id: c.id },
        data: {
          status: "FAILED",
          lastError: outcome.message,
          idempotencyKey: correctionIdempotencyKey(c.id, generationOf(c.idempotencyKey) + 1),
          version: { increment: 1 },
        },
      });
      await writeAudit(tx, {
        actor: options.actor,
        action: "correction.fail",
        entityType: "correction",
        entityId: c.id,
        before: { status: "SUBMITTING" },
        after: { status: "FAILED", attempts: c.attempts },
        reason: outcome.message,
      });
      return { status: "FAILED", error: outcome.message };
    }
    if (c.status === "ISSUED" || c.status === "VOIDED") return { status: c.status, stripeId: outcome.stripeId };
    const field = c.kind === "refund" ? "stripeRefundId" : "stripeCreditNoteId";
    if (!c[field]) {
      await tx.correction.update({ where: { id: c.id }, data: { [field]: outcome.stripeId, lastError: null } });
      await writeAudit(tx, {
        actor: options.actor,
        action: "correction.accepted",
        entityType: "correction",
        entityId: c.id,
        after: { [field]: outcome.stripeId, foundExisting: outcome.found },
      });
    }
    const creditNote =
      c.kind === "refund"
        ? null
        : await tx.creditNote.findUnique({ where: { stripeId: outcome.stripeId }, select: { id: true, number: true, total: true, currency: true } });
    const synced = c.kind === "refund" ? !!(await tx.refund.findUnique({ where: { stripeId: outcome.stripeId }, select: { id: true } })) : !!creditNote;
    if (synced) {
      await applyConfirmation(tx, { correction: { ...c, [field]: outcome.stripeId }, stripeId: outcome.stripeId, creditNote });
      return { status: "ISSUED", stripeId: outcome.stripeId };
    }
    return { status: "SUBMITTING", stripeId: outcome.stripeId };
  }, TX_OPTIONS);
}
