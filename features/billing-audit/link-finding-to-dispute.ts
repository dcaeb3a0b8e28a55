import "server-only";
import type { Prisma } from "@prisma/client";
import { writeAudit, type AuditActor } from "@/features/audit-log/write-audit";

/**
 * Links a finding to the dispute that acts on it, when it has none yet (a finding opened as a
 * dispute keeps that one). In the caller's transaction, audited. Returns whether it linked.
 */
export async function linkFindingToDispute(
  tx: Prisma.TransactionClient,
  options: { findingId: string; disputeId: string; actor: AuditActor },
): Promise<boolean> {
  const { count } = await tx.finding.updateMany({ where: { id: options.findingId, disputeId: null }, data: { disputeId: options.disputeId } });
  if (count !== 1) return false;
  await writeAudit(tx, {
    actor: options.actor,
    action: "finding.link_dispute",
    entityType: "finding",
    entityId: options.findingId,
    before: { disputeId: null },
    after: { disputeId: options.disputeId },
  });
  return true;
}
