import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { parseApprovalThresholds, replaceThresholds } from "./approval-thresholds";
import { lockApprovalThresholds, saveApprovalThresholds } from "./get-approval-thresholds";
import { holdThresholdLoosenings } from "./hold-threshold-loosenings";
import { fieldErrors, keyedIssues, thresholdsSchema } from "../schemas";
import { APPROVAL_SETTING_KEY } from "../types";

/**
 * Leads and admins set the per-currency approval thresholds (minor units); audited with
 * before/after. Lowering applies at once; a raise (or a currency that gets a threshold again)
 * waits for a second lead or an admin (holdThresholdLoosenings). Returns the thresholds in
 * force and the changes held for approval.
 */
export async function updateApprovalThresholds(db: Db, options: { actor: Actor; thresholds: Record<string, string>; reason?: string }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = thresholdsSchema.safeParse(options.thresholds, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  return db.$transaction(async (tx) => {
    const { stored, effective: before } = await lockApprovalThresholds(tx);
    // Thresholds removed earlier are not in the form: they stay removed.
    const proposed = replaceThresholds(stored, parsed.data);
    const { value, held } = await holdThresholdLoosenings(tx, { stored, proposed, actorId: actor.id, reason: options.reason });
    await saveApprovalThresholds(tx, value, actor.id);
    const after = parseApprovalThresholds(value);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "setting.update",
      entityType: "setting",
      entityId: APPROVAL_SETTING_KEY,
      before,
      after,
      reason: options.reason,
    });
    return { thresholds: after, held };
  });
}
