import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { disputeStatusLabel } from "@/features/notifications/templates";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { getSlaPolicy } from "./get-sla-policy";
import { lockDispute } from "./lock-dispute";
import { notifyCustomer } from "./notify";
import { changeStatusSchema, fieldErrors } from "./schemas";
import { resumeDeadline } from "./sla";
import { canTransition } from "./state-machine";

/**
 * Moves an open dispute between review and waiting-on-customer. Waiting pauses the SLA
 * clock; leaving it resumes with the business time that was left. Closing goes through
 * resolveDispute (a root cause is required).
 */
export async function changeDisputeStatus(db: Db, options: { actor: Actor; input: { disputeId: string; status: string; reason?: string }; now?: Date }) {
  const actor = assertStaff(options.actor);
  const parsed = changeStatusSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const { disputeId, status, reason } = parsed.data;
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  return db.$transaction(async (tx) => {
    const d = await lockDispute(tx, disputeId);
    if (!canTransition(d.status, status)) throw new ValidationError("disputes.err.transition", { status: "disputes.err.transition" });
    const data: Parameters<typeof tx.dispute.update>[0]["data"] = { status, version: { increment: 1 } };
    if (status === "WAITING_ON_CUSTOMER") data.slaPausedAt = now;
    if (d.status === "WAITING_ON_CUSTOMER" && d.slaPausedAt) {
      data.slaPausedAt = null;
      data.slaPausedSeconds = { increment: Math.max(0, Math.round((now.getTime() - d.slaPausedAt.getTime()) / 1000)) };
      data.resolutionDueAt = resumeDeadline(d.resolutionDueAt, d.slaPausedAt, now, policy);
      if (!d.firstRespondedAt) data.firstResponseDueAt = resumeDeadline(d.firstResponseDueAt, d.slaPausedAt, now, policy);
    }
    await tx.dispute.update({ where: { id: disputeId }, data });
    await tx.disputeMessage.create({
      data: { disputeId, authorId: actor.id, kind: "STATUS_CHANGE", visibility: "PUBLIC", body: "", meta: { from: d.status, to: status }, createdAt: now },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "dispute.status",
      entityType: "dispute",
      entityId: disputeId,
      before: { status: d.status },
      after: { status },
      reason,
    });
    await notifyCustomer(tx, d, "status", (locale) => ({ status: disputeStatusLabel(locale, status) }), `dispute:${disputeId}:status:${d.version + 1}`);
    return { status };
  });
}
