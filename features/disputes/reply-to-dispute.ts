import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertCustomer, auditActor, type Actor, customerIdsOf } from "@/features/auth/actor";
import { assertAttachmentQuota } from "./attachment-quota";
import { removeStoredFiles, storeUploads, validateUploads, type UploadedFile } from "./attachments";
import { consumeDisputeAction } from "./dispute-rate-limit";
import { getSlaPolicy } from "./get-sla-policy";
import { lockDispute } from "./lock-dispute";
import { notifyAssignee } from "./notify";
import { fieldErrors, replySchema } from "./schemas";
import { resumeDeadline } from "./sla";
import { isClosed } from "./state-machine";

/**
 * The customer replies. If staff were waiting on them, the dispute goes back to review and
 * the SLA clock resumes with the business time it had left. The assignee gets an email.
 */
export async function replyToDispute(db: Db, options: { actor: Actor; input: { disputeId: string; body: string }; files?: UploadedFile[]; now?: Date }) {
  const actor = assertCustomer(options.actor);
  const parsed = replySchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const { disputeId, body } = parsed.data;
  const owned = await db.dispute.findFirst({
    where: { id: disputeId, customerId: { in: await customerIdsOf(db, actor.id) } },
    select: { id: true, status: true },
  });
  if (!owned) throw new NotFoundError("Dispute not found");
  if (isClosed(owned.status)) throw new ValidationError("disputes.err.closed", { body: "disputes.err.closed" });
  const uploads = validateUploads(options.files ?? []);
  await consumeDisputeAction(db, { userId: actor.id, kind: "reply" });
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  const stored = await storeUploads(uploads);
  try {
    return await db.$transaction(async (tx) => {
      const d = await lockDispute(tx, disputeId);
      if (isClosed(d.status)) throw new ValidationError("disputes.err.closed", { body: "disputes.err.closed" });
      await assertAttachmentQuota(tx, { customerId: d.customerId, addingBytes: stored.reduce((n, f) => n + f.sizeBytes, 0) });
      const message = await tx.disputeMessage.create({
        data: {
          disputeId,
          authorId: actor.id,
          kind: "MESSAGE",
          visibility: "PUBLIC",
          body,
          createdAt: now,
          attachments: { create: stored.map((f) => ({ ...f, disputeId, uploadedById: actor.id })) },
        },
        select: { id: true },
      });
      if (d.status === "WAITING_ON_CUSTOMER") {
        const pausedAt = d.slaPausedAt ?? now;
        await tx.dispute.update({
          where: { id: disputeId },
          data: {
            status: "IN_REVIEW",
            slaPausedAt: null,
            slaPausedSeconds: { increment: Math.max(0, Math.round((now.getTime() - pausedAt.getTime()) / 1000)) },
            firstResponseDueAt: d.firstRespondedAt ? d.firstResponseDueAt : resumeDeadline(d.firstResponseDueAt, pausedAt, now, policy),
            resolutionDueAt: resumeDeadline(d.resolutionDueAt, pausedAt, now, policy),
            version: { increment: 1 },
          },
        });
        await tx.disputeMessage.create({
          data: { disputeId, kind: "STATUS_CHANGE", visibility: "PUBLIC", body: "", meta: { from: d.status, to: "IN_REVIEW", auto: true }, createdAt: now },
        });
        await writeAudit(tx, {
          actor: auditActor(actor),
          action: "dispute.status",
          entityType: "dispute",
          entityId: disputeId,
          before: { status: d.status },
          after: { status: "IN_REVIEW" },
          reason: "customer replied",
        });
      } else {
        await tx.dispute.update({ where: { id: disputeId }, data: { version: { increment: 1 } } });
      }
      await notifyAssignee(tx, d, body, `dispute:${disputeId}:customer-reply:${message.id}`);
      return { messageId: message.id };
    });
  } catch (err) {
    await removeStoredFiles(stored);
    throw err;
  }
}
