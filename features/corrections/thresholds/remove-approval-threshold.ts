import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { parseApprovalThresholds, withoutThreshold } from "./approval-thresholds";
import { lockApprovalThresholds, saveApprovalThresholds } from "./get-approval-thresholds";
import { fieldErrors, keyedIssues, removeThresholdSchema } from "../schemas";
import { APPROVAL_SETTING_KEY } from "../types";

/**
 * Leads and admins remove a currency's threshold. That is the strict side, never a loosening:
 * a currency without a threshold always needs a lead's approval (requiresApproval). A default
 * threshold is marked removed so that it does not come back. Audited with before/after.
 */
export async function removeApprovalThreshold(db: Db, options: { actor: Actor; input: { currency: string; reason?: string } }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = removeThresholdSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  const { currency, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    const { stored, effective } = await lockApprovalThresholds(tx);
    if (!(currency in effective)) throw new ValidationError("desk.corrections.err.form", { currency: "desk.corrections.err.currencyMissing" });
    const value = withoutThreshold(stored, currency);
    await saveApprovalThresholds(tx, value, actor.id);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "setting.threshold_remove",
      entityType: "setting",
      entityId: APPROVAL_SETTING_KEY,
      before: { [currency]: effective[currency] },
      after: { [currency]: null },
      reason,
    });
    return parseApprovalThresholds(value);
  });
}
