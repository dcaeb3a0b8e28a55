import "server-only";
import type { Prisma } from "@prisma/client";
import { writeAudit } from "@/features/audit-log/write-audit";
import { loosenings, parseApprovalThresholds, withThresholdInForce, type Loosening, type StoredThresholds } from "./approval-thresholds";
import { APPROVAL_SETTING_KEY } from "../types";

export type HeldChange = Loosening & { id: string };

/**
 * Approval thresholds are a four-eyes control themselves: one lead could otherwise raise a
 * threshold, issue their own correction alone and set it back. So a proposed value that loosens
 * a currency (see loosenings) is not applied: the currency stays as it was in force, and the
 * change waits as a PENDING ApprovalThresholdChange for a second lead or an admin
 * (decideThresholdChange). A newer request for the same currency supersedes an older one.
 * Call under lockApprovalThresholds; returns the value to save and the held changes.
 */
export async function holdThresholdLoosenings(
  tx: Prisma.TransactionClient,
  o: { stored: StoredThresholds; proposed: StoredThresholds; actorId: string; reason?: string | null },
): Promise<{ value: StoredThresholds; held: HeldChange[] }> {
  const before = parseApprovalThresholds(o.stored);
  const loose = loosenings(before, parseApprovalThresholds(o.proposed));
  let value = o.proposed;
  const held: HeldChange[] = [];
  for (const l of loose) {
    value = withThresholdInForce(value, l.currency, l.from);
    await tx.approvalThresholdChange.updateMany({ where: { currency: l.currency, status: "PENDING" }, data: { status: "SUPERSEDED", decidedAt: new Date() } });
    const row = await tx.approvalThresholdChange.create({
      data: { currency: l.currency, fromMinor: l.from, toMinor: l.to, reason: o.reason ?? null, requestedById: o.actorId },
      select: { id: true },
    });
    await writeAudit(tx, {
      actor: { id: o.actorId },
      action: "setting.threshold_request",
      entityType: "setting",
      entityId: APPROVAL_SETTING_KEY,
      before: { [l.currency]: l.from },
      after: { [l.currency]: l.to, changeId: row.id },
      reason: o.reason,
    });
    held.push({ ...l, id: row.id });
  }
  return { value, held };
}
