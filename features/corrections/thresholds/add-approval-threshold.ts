import "server-only";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { parseMoneyInput } from "@/lib/money/index";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { lockApprovalThresholds } from "./get-approval-thresholds";
import { holdThresholdLoosenings } from "./hold-threshold-loosenings";
import { addThresholdSchema, fieldErrors, keyedIssues } from "../schemas";
import { APPROVAL_SETTING_KEY } from "../types";

/**
 * Leads and admins request a threshold for a currency that has none (one in force is changed with
 * updateApprovalThresholds, so an add never overwrites it). The amount is typed in major units
 * and parsed with the currency's exponent; audited. It takes effect when a second lead or an
 * admin approves it (decideThresholdChange).
 */
export async function addApprovalThreshold(db: Db, options: { actor: Actor; input: { currency: string; amount: string; reason?: string } }) {
  const actor = assertStaff(options.actor, "LEAD");
  const parsed = addThresholdSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  const { currency, reason } = parsed.data;
  const amount = parseMoneyInput(parsed.data.amount, currency, { allowZero: true });
  if (!amount.ok) throw new ValidationError("desk.corrections.err.form", { amount: `desk.corrections.err.amount_${amount.error}` });
  return db.$transaction(async (tx) => {
    const { stored, effective } = await lockApprovalThresholds(tx);
    if (currency in effective) throw new ValidationError("desk.corrections.err.form", { currency: "desk.corrections.err.currencyExists" });
    // A currency without a threshold always needs approval: giving it one widens what passes
    // alone, so it waits for a second lead or an admin like any raise.
    const { held } = await holdThresholdLoosenings(tx, { stored, proposed: { ...stored, [currency]: amount.amount.toString() }, actorId: actor.id, reason });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "setting.threshold_add",
      entityType: "setting",
      entityId: APPROVAL_SETTING_KEY,
      before: effective,
      after: { [currency]: amount.amount, pending: true },
      reason,
    });
    return { thresholds: effective, held };
  });
}
