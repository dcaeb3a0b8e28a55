import "server-only";
import type { CorrectionStatus } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { getApprovalThresholds } from "../thresholds/get-approval-thresholds";
import { lockCorrection } from "../lock-correction";
import { requiresApproval } from "./requires-approval";
import { notifyApprovalWaiting } from "@/features/disputes/notify-staff";
import { intlLocale } from "@/lib/i18n/index";
import { formatMoney } from "@/lib/money/index";

/**
 * DRAFT → PENDING_APPROVAL when the amount is above the currency's threshold (a lead other than
 * the requester must approve), else → APPROVED by the rule (no approver). The caller issues an
 * APPROVED correction right after.
 */
export async function submitCorrection(db: Db, options: { actor: Actor; correctionId: string }): Promise<{ status: CorrectionStatus }> {
  const actor = assertStaff(options.actor);
  return db.$transaction(async (tx) => {
    const c = await lockCorrection(tx, options.correctionId);
    if (c.status !== "DRAFT") throw new ValidationError("desk.corrections.err.state", { form: "desk.corrections.err.state" });
    const thresholds = await getApprovalThresholds(tx);
    const needs = requiresApproval({ amountMinor: c.amountMinor, currency: c.currency, thresholds });
    const status = needs ? "PENDING_APPROVAL" : "APPROVED";
    await tx.correction.update({
      where: { id: c.id },
      data: { status, ...(needs ? {} : { approvedAt: new Date(), decisionReason: "below the approval threshold" }), version: { increment: 1 } },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: needs ? "correction.request_approval" : "correction.auto_approve",
      entityType: "correction",
      entityId: c.id,
      before: { status: "DRAFT" },
      after: { status, amountMinor: c.amountMinor, currency: c.currency, threshold: thresholds[c.currency.toLowerCase()] ?? null },
    });
    if (needs) {
      const dispute = c.disputeId ? await tx.dispute.findUnique({ where: { id: c.disputeId }, select: { id: true, number: true } }) : null;
      await notifyApprovalWaiting(tx, { id: c.id, requestedById: c.requestedById, dispute }, (locale) =>
        formatMoney(c.amountMinor, c.currency, intlLocale(locale)),
      );
    }
    return { status };
  });
}
