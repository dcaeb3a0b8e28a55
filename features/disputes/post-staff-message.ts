import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { removeStoredFiles, storeUploads, validateUploads, type UploadedFile } from "./attachments";
import { lockDispute } from "./lock-dispute";
import { notifyCustomer } from "./notify";
import { fieldErrors, staffMessageSchema } from "./schemas";

/**
 * A staff public reply (emailed to the customer, stops the first-response clock) or an
 * internal note (visible to staff only; never emailed, never in any customer read).
 */
export async function postStaffMessage(
  db: Db,
  options: { actor: Actor; input: { disputeId: string; body: string; internal?: boolean }; files?: UploadedFile[]; now?: Date },
) {
  const actor = assertStaff(options.actor);
  const parsed = staffMessageSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const { disputeId, body, internal } = parsed.data;
  const uploads = validateUploads(options.files ?? []);
  const now = options.now ?? new Date();
  const stored = await storeUploads(uploads);
  try {
    return await db.$transaction(async (tx) => {
      const d = await lockDispute(tx, disputeId);
      const message = await tx.disputeMessage.create({
        data: {
          disputeId,
          authorId: actor.id,
          kind: internal ? "NOTE" : "MESSAGE",
          visibility: internal ? "INTERNAL" : "PUBLIC",
          body,
          createdAt: now,
          attachments: { create: stored.map((f) => ({ ...f, disputeId, uploadedById: actor.id })) },
        },
        select: { id: true },
      });
      await tx.dispute.update({
        where: { id: disputeId },
        data: { version: { increment: 1 }, ...(!internal && !d.firstRespondedAt ? { firstRespondedAt: now } : {}) },
      });
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: internal ? "dispute.note" : "dispute.reply",
        entityType: "dispute",
        entityId: disputeId,
        // The text itself lives on the message; the audit keeps the fact and a pointer.
        after: { messageId: message.id, visibility: internal ? "INTERNAL" : "PUBLIC", attachments: stored.length },
      });
      if (!internal) await notifyCustomer(tx, d, "reply", () => ({ body }), `dispute:${disputeId}:reply:${message.id}`);
      return { messageId: message.id };
    });
  } catch (err) {
    await removeStoredFiles(stored);
    throw err;
  }
}
