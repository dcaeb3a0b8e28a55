import "server-only";
import type { Db } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { hasRole } from "@/features/auth/roles";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { lockDispute } from "./lock-dispute";
import { notifyAssigned } from "./notify-staff";
import { assignSchema, fieldErrors } from "./schemas";

/**
 * Claims or assigns a dispute. Any staff member can take a dispute or hand back their own;
 * assigning it to someone else (or taking it from a colleague) is a lead's call.
 */
export async function assignDispute(db: Db, options: { actor: Actor; input: { disputeId: string; assigneeId: string | null; expectedVersion?: number } }) {
  const actor = assertStaff(options.actor);
  const parsed = assignSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", fieldErrors(parsed.error));
  const { disputeId, assigneeId } = parsed.data;
  return db.$transaction(async (tx) => {
    const d = await lockDispute(tx, disputeId);
    const isLead = hasRole(actor.role, "LEAD");
    const selfClaim = assigneeId === actor.id && (d.assigneeId === null || d.assigneeId === actor.id);
    const selfRelease = assigneeId === null && d.assigneeId === actor.id;
    if (!isLead && !selfClaim && !selfRelease) throw new ForbiddenError();
    if (assigneeId) {
      const target = await tx.user.findFirst({ where: { id: assigneeId, role: { in: ["AGENT", "LEAD", "ADMIN"] } }, select: { id: true } });
      if (!target) throw new ValidationError("disputes.err.assignee", { assigneeId: "disputes.err.assignee" });
    }
    if (d.assigneeId === assigneeId) return { changed: false };
    await tx.dispute.update({ where: { id: disputeId }, data: { assigneeId, version: { increment: 1 } } });
    // Who handles a dispute is internal: the customer's timeline does not show it.
    await tx.disputeMessage.create({
      data: { disputeId, authorId: actor.id, kind: "ASSIGNMENT", visibility: "INTERNAL", body: "", meta: { from: d.assigneeId, to: assigneeId } },
    });
    if (assigneeId) {
      const customer = await tx.customer.findUnique({ where: { id: d.customerId }, select: { name: true, email: true } });
      await notifyAssigned(tx, { id: d.id, number: d.number, version: d.version + 1, customer }, assigneeId, actor.id);
    }
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "dispute.assign",
      entityType: "dispute",
      entityId: disputeId,
      before: { assigneeId: d.assigneeId },
      after: { assigneeId },
    });
    return { changed: true };
  });
}
