import "server-only";
import type { Db } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { parseApprovalThresholds, withThresholdInForce } from "./approval-thresholds";
import { lockApprovalThresholds, saveApprovalThresholds } from "./get-approval-thresholds";
import { fieldErrors, keyedIssues, thresholdDecisionSchema } from "../schemas";
import { APPROVAL_SETTING_KEY } from "../types";

type Decision = "APPROVED" | "REJECTED";
type DecideOptions = { actor: Actor; input: { changeId: string; reason: string } };

/**
 * The second pair of eyes on a threshold raise: a lead or admin other than the requester
 * approves it (the threshold then takes the requested value) or rejects it, with a reason,
 * audited in the same transaction. The requester may withdraw (reject) their own request, never
 * approve it.
 */
export async function decideThresholdChange(db: Db, options: DecideOptions, decision: Decision) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = thresholdDecisionSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  const { changeId, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    // The thresholds' lock first: it also serializes decisions with requests and edits.
    const { stored, effective } = await lockApprovalThresholds(tx);
    const change = await tx.approvalThresholdChange.findUnique({ where: { id: changeId } });
    if (!change) throw new NotFoundError("Threshold change not found");
    if (decision === "APPROVED" && change.requestedById === actor.id) throw new ForbiddenError("desk.corrections.err.ownThresholdApproval");
    if (change.status !== "PENDING") throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    await tx.approvalThresholdChange.update({
      where: { id: change.id },
      data: { status: decision, decidedById: actor.id, decidedAt: new Date(), decisionReason: reason },
    });
    let thresholds = effective;
    if (decision === "APPROVED") {
      const value = withThresholdInForce(stored, change.currency, change.toMinor);
      await saveApprovalThresholds(tx, value, actor.id);
      thresholds = parseApprovalThresholds(value);
    }
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: decision === "APPROVED" ? "setting.threshold_approve" : "setting.threshold_reject",
      entityType: "setting",
      entityId: APPROVAL_SETTING_KEY,
      before: { [change.currency]: effective[change.currency] ?? null },
      after: {
        [change.currency]: decision === "APPROVED" ? change.toMinor : (effective[change.currency] ?? null),
        changeId: change.id,
        requestedById: change.requestedById,
      },
      reason,
    });
    return { status: decision, thresholds };
  });
}

export const approveThresholdChange = (db: Db, options: DecideOptions) => decideThresholdChange(db, options, "APPROVED");
export const rejectThresholdChange = (db: Db, options: DecideOptions) => decideThresholdChange(db, options, "REJECTED");
