import "server-only";
import type { Db } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/disputes/access";
import { lockCorrection } from "./lock-correction";
import { decisionSchema, fieldErrors } from "./schemas";

/** A lead or admin other than the requester rejects a pending correction, with a reason; audited. Final. */
export async function rejectCorrection(db: Db, options: { actor: Actor; input: { correctionId: string; reason: string } }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = decisionSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  return db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, parsed.data.correctionId);
    if (c.requestedById === actor.id) throw new ForbiddenError("desk.corrections.err.ownApproval");
    if (c.status !== "PENDING_APPROVAL") throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    await tx.correction.update({ where: { id: c.id }, data: { status: "REJECTED", approvedById: actor.id, approvedAt: new Date(), decisionReason: parsed.data.reason, version: { increment: 1 } } });
    await writeAudit(tx, { actor: auditActor(actor), action: "correction.reject", entityType: "correction", entityId: c.id, before: { status: c.status }, after: { status: "REJECTED", requestedById: c.requestedById }, reason: parsed.data.reason });
    return { status: "REJECTED" as const };
  });
}
