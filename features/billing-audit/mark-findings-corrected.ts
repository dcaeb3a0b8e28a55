import "server-only";
import type { Prisma } from "@prisma/client";
import { writeAudit } from "@/features/audit-log/write-audit";

const ACTOR = { id: null, label: "system:billing-audit" } as const;

/**
 * A correction Stripe confirmed (its refund or credit note is synced) fixes the findings it was
 * made for: the finding it names, and for a refund the duplicate_charge finding of its charge;
 * for a credit note, the findings linked to its dispute. Those still undecided or confirmed
 * (OPEN, CONFIRMED, or RESOLVED by the audit meanwhile) become CORRECTED with the correction's
 * id, one audit entry each, in the confirmation's transaction. Dismissed findings stay dismissed.
 */
export async function markFindingsCorrected(
  tx: Prisma.TransactionClient,
  correction: { id: string; kind: string; findingId: string | null; disputeId: string | null; chargeStripeId: string | null },
): Promise<string[]> {
  const which: Prisma.FindingWhereInput[] = [];
  if (correction.findingId) which.push({ id: correction.findingId });
  if (correction.kind === "refund" && correction.chargeStripeId) which.push({ fingerprint: `duplicate_charge:${correction.chargeStripeId}` });
  if (correction.kind === "credit_note" && correction.disputeId) which.push({ disputeId: correction.disputeId });
  if (!which.length) return [];
  const rows = await tx.finding.findMany({ where: { OR: which, status: { in: ["OPEN", "CONFIRMED", "RESOLVED"] } }, select: { id: true, status: true } });
  const done: string[] = [];
  for (const f of rows) {
    // Guarded by the status read: a staff decision made meanwhile wins.
    const { count } = await tx.finding.updateMany({ where: { id: f.id, status: f.status }, data: { status: "CORRECTED", correctionId: correction.id } });
    if (count !== 1) continue;
    await writeAudit(tx, {
      actor: ACTOR,
      action: "finding.corrected",
      entityType: "finding",
      entityId: f.id,
      before: { status: f.status },
      after: { status: "CORRECTED", correctionId: correction.id },
      reason: `Correction ${correction.id} was confirmed by Stripe`,
    });
    done.push(f.id);
  }
  return done;
}
