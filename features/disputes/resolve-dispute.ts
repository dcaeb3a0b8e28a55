import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { lockDispute } from "./lock-dispute";
import { applyResolution } from "./apply-resolution";
import { fieldErrors, resolveSchema } from "./schemas";
import { canTransition } from "./state-machine";

/**
 * Closes a dispute as resolved or rejected with a root cause (internal) and a note (shown to
 * the customer). Its lines release their open-line keys so they can be disputed again.
 */
export async function resolveDispute(
  db: Db,
  options: { actor: Actor; input: { disputeId: string; outcome: string; rootCause: string; note: string; creditNoteId?: string }; now?: Date },
) {
  const actor = assertStaff(options.actor);
  const parsed = resolveSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const { disputeId, outcome, rootCause, note, creditNoteId } = parsed.data;
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const d = await lockDispute(tx, disputeId);
    if (!canTransition(d.status, outcome)) throw new ValidationError("disputes.err.transition", { outcome: "disputes.err.transition" });
    if (creditNoteId) {
      const cn = await tx.creditNote.findFirst({ where: { id: creditNoteId, invoiceId: d.invoiceId }, select: { id: true } });
      if (!cn) throw new ValidationError("disputes.err.form", { creditNoteId: "disputes.err.creditNote" });
    }
    await applyResolution(tx, { actor: auditActor(actor), authorId: actor.id, dispute: d, outcome, rootCause, note, creditNoteId, now });
    return { status: outcome };
  });
}
