import "server-only";
import type { Db } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { lockCorrection } from "../lock-correction";
import { decisionSchema, fieldErrors, keyedIssues } from "../schemas";

type Decision = "APPROVED" | "REJECTED";
type DecideOptions = { actor: Actor; input: { correctionId: string; reason: string } };
const auditAction: Record<Decision, string> = { APPROVED: "correction.approve", REJECTED: "correction.reject" };

/**
 * Four eyes: a lead or admin who did not request the correction approves or rejects it while it
 * waits for approval, with a required reason; audited. Rejection is final; after an approval the
 * caller issues it.
 */
export async function decideCorrection(db: Db, options: DecideOptions, decision: Decision) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = decisionSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  return db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, parsed.data.correctionId);
    if (c.requestedById === actor.id) throw new ForbiddenError("desk.corrections.err.ownApproval");
    if (c.status !== "PENDING_APPROVAL") throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    await tx.correction.update({
      where: { id: c.id },
      data: { status: decision, approvedById: actor.id, approvedAt: new Date(), decisionReason: parsed.data.reason, version: { increment: 1 } },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: auditAction[decision],
      entityType: "correction",
      entityId: c.id,
      before: { status: c.status },
      after: { status: decision, requestedById: c.requestedById },
      reason: parsed.data.reason,
    });
    return { status: decision };
  });
}

export const approveCorrection = (db: Db, options: DecideOptions) => decideCorrection(db, options, "APPROVED");
export const rejectCorrection = (db: Db, options: DecideOptions) => decideCorrection(db, options, "REJECTED");
