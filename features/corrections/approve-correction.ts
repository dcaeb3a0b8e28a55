import "server-only";
import type { Db } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/disputes/access";
import { lockCorrection } from "./lock-correction";
import { decisionSchema, fieldErrors } from "./schemas";

/** Four eyes: a lead or admin who did not request it approves, with a reason; audited. The caller then issues it. */
export async function approveCorrection(db: Db, options: { actor: Actor; input: { correctionId: string; reason: string } }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = decisionSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  return db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, parsed.data.correctionId);
    if (c.requestedById === actor.id) throw new ForbiddenError("desk.corrections.err.ownApproval");
    if (c.status !== "PENDING_APPROVAL") throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    const now = new Date();
    await tx.correction.update({ where: { id: c.id }, data: { status: "APPROVED", approvedById: actor.id, approvedAt: now, decisionReason: parsed.data.reason, version: { increment: 1 } } });
    await writeAudit(tx, { actor: auditActor(actor), action: "correction.approve", entityType: "correction", entityId: c.id, before: { status: c.status }, after: { status: "APPROVED", requestedById: c.requestedById }, reason: parsed.data.reason });
    return { status: "APPROVED" as const };
  });
}
