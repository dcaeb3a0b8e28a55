import "server-only";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "./access";
import { lockDispute } from "./lock-dispute";
import { notifyCustomer } from "./notify";
import { fieldErrors, resolveSchema } from "./schemas";
import { canTransition } from "./state-machine";

const outcomeLabel = { en: { RESOLVED: "resolved", REJECTED: "rejected" }, ru: { RESOLVED: "решён", REJECTED: "отклонён" } } as const;

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
    await tx.dispute.update({
      where: { id: disputeId },
      data: {
        status: outcome, rootCause, resolutionNote: note, resolvedAt: now, slaPausedAt: null, version: { increment: 1 },
        ...(d.slaPausedAt ? { slaPausedSeconds: { increment: Math.max(0, Math.round((now.getTime() - d.slaPausedAt.getTime()) / 1000)) } } : {}),
      },
    });
    await tx.disputedLine.updateMany({ where: { disputeId }, data: { openLineKey: null } });
    await tx.disputeMessage.create({
      data: { disputeId, authorId: actor.id, kind: "RESOLUTION", visibility: "PUBLIC", body: note, meta: { from: d.status, to: outcome, outcome, rootCause, ...(creditNoteId ? { creditNoteId } : {}) }, createdAt: now },
    });
    await writeAudit(tx, { actor: auditActor(actor), action: "dispute.resolve", entityType: "dispute", entityId: disputeId, before: { status: d.status }, after: { status: outcome, rootCause, creditNoteId: creditNoteId ?? null }, reason: note });
    const creditNoteUrl = creditNoteId ? new URL(`/invoices/${d.invoiceId}#credit-notes`, env().NEXTAUTH_URL).toString() : undefined;
    await notifyCustomer(tx, d, "resolution", (locale) => ({ outcome: outcomeLabel[locale][outcome], note, creditNoteUrl }), `dispute:${disputeId}:resolution:${d.version + 1}`);
    return { status: outcome };
  });
}
