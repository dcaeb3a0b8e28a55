import "server-only";
import type { Db } from "@/lib/db";
import { writeAudit } from "@/features/audit-log/write-audit";
import { applyConfirmation, SYSTEM_ACTOR } from "./apply-confirmation";
import { lockCorrection } from "../lock-correction";
import { TX_OPTIONS } from "../tx-options";

/**
 * Reacts to a synced credit note (credit_note.created / updated / voided, after commit): the
 * correction it belongs to (metadata.correction_id, else the recorded id) becomes ISSUED; a
 * note voided in Stripe directly turns an issued correction VOIDED. Safe to call repeatedly.
 */
export async function confirmFromCreditNote(db: Db, creditNoteStripeId: string): Promise<"issued" | "voided" | null> {
  const cn = await db.creditNote.findUnique({
    where: { stripeId: creditNoteStripeId },
    select: { id: true, stripeId: true, status: true, number: true, total: true, currency: true, metadata: true },
  });
  if (!cn) return null;
  const fromMeta = (cn.metadata as { correction_id?: unknown } | null)?.correction_id;
  const correctionId =
    typeof fromMeta === "string" ? fromMeta : (await db.correction.findUnique({ where: { stripeCreditNoteId: cn.stripeId }, select: { id: true } }))?.id;
  if (!correctionId) return null;
  return db.$transaction(async (tx) => {
    const c = await tx.correction.findUnique({ where: { id: correctionId }, select: { id: true } });
    if (!c) return null;
    const locked = await lockCorrection(tx, correctionId);
    if (locked.kind !== "credit_note") return null;
    if (cn.status === "VOID") {
      if (locked.status !== "ISSUED") return null;
      await tx.correction.update({ where: { id: locked.id }, data: { status: "VOIDED", voidedAt: new Date(), version: { increment: 1 } } });
      await writeAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: "correction.void",
        entityType: "correction",
        entityId: locked.id,
        before: { status: "ISSUED" },
        after: { status: "VOIDED" },
        reason: "Voided in Stripe",
      });
      return "voided";
    }
    const done = await applyConfirmation(tx, { correction: locked, stripeId: cn.stripeId, creditNote: cn });
    return done ? "issued" : null;
  }, TX_OPTIONS);
}
