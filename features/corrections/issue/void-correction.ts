import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { lockCorrection } from "../lock-correction";
import { decisionSchema, fieldErrors, keyedIssues } from "../schemas";
import { StripeRefusedError } from "../compose/create-correction";
import { stripeErrorText } from "./stripe-error-text";

/**
 * Voids a wrongly issued credit note in Stripe (Stripe refuses when a refund was part of it or
 * it settled its invoice) as a new audited action by a lead or admin; the correction becomes
 * VOIDED and stays, with everything it recorded. Refunds cannot be voided.
 */
export async function voidCorrection(db: Db, options: { actor: Actor; input: { correctionId: string; reason: string }; stripe?: Stripe }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = decisionSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  const c = await db.correction.findUnique({ where: { id: parsed.data.correctionId } });
  if (!c || c.status !== "ISSUED" || c.kind !== "credit_note" || !c.stripeCreditNoteId)
    throw new ValidationError("desk.corrections.err.notVoidable", { form: "desk.corrections.err.notVoidable" });
  try {
    await (options.stripe ?? getStripe()).creditNotes.voidCreditNote(c.stripeCreditNoteId, {}, { idempotencyKey: `settle-correction-void-${c.id}` });
  } catch (err) {
    // Voided already (in Stripe directly, or a lost answer): record it; anything else is Stripe's refusal.
    if ((err as { code?: string }).code !== "credit_note_already_voided") {
      await writeAudit(db, {
        actor: auditActor(actor),
        action: "correction.void_refused",
        entityType: "correction",
        entityId: c.id,
        reason: `${parsed.data.reason} — ${stripeErrorText(err)}`,
      });
      throw new StripeRefusedError(stripeErrorText(err));
    }
  }
  return db.$transaction(async (tx) => {
    const locked = await lockCorrection(tx, c.id);
    // The credit_note.voided webhook may have been synced first: the person's action and reason are recorded all the same.
    if (locked.status === "ISSUED")
      await tx.correction.update({ where: { id: c.id }, data: { status: "VOIDED", voidedAt: new Date(), version: { increment: 1 } } });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "correction.void",
      entityType: "correction",
      entityId: c.id,
      before: { status: "ISSUED" },
      after: { status: "VOIDED", stripeCreditNoteId: c.stripeCreditNoteId },
      reason: parsed.data.reason,
    });
    if (c.disputeId) {
      await tx.disputeMessage.create({
        data: {
          disputeId: c.disputeId,
          authorId: actor.id,
          kind: "CORRECTION",
          visibility: "INTERNAL",
          body: parsed.data.reason,
          meta: { correctionId: c.id, voided: "true", stripeId: c.stripeCreditNoteId },
        },
      });
    }
    return { status: "VOIDED" as const };
  });
}
