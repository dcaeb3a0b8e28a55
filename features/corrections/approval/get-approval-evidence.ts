import "server-only";
import type { Db } from "@/lib/db";

type Comparison = { original?: string; recalculated?: string; difference?: string };
type StoredLine = { lineId?: string; status?: string; total?: Comparison };

const big = (v: string | undefined) => (v && /^-?\d+$/.test(v) ? BigInt(v) : 0n);

/**
 * What a lead weighs before approving a correction, on one screen: the customer's claim, the
 * recalculation's changed lines (original → recalculated), the files the customer attached, the
 * override given for a refund that is not a duplicate, and the customer's history (their other
 * disputes and the corrections already issued to them). Read-only; the caller checked access.
 */
export async function getApprovalEvidence(
  db: Db,
  c: { id: string; invoiceId: string; disputeId: string | null; recalculationId: string | null; invoice: { customerId: string } },
) {
  const [dispute, recalculation, override, otherDisputes, issued] = await Promise.all([
    c.disputeId
      ? db.dispute.findUnique({
          where: { id: c.disputeId },
          select: {
            id: true,
            number: true,
            description: true,
            claimedMinor: true,
            currency: true,
            reason: true,
            createdAt: true,
            attachments: { orderBy: { createdAt: "asc" }, select: { id: true, fileName: true, sizeBytes: true } },
          },
        })
      : null,
    c.recalculationId
      ? db.recalculation.findUnique({
          where: { id: c.recalculationId },
          select: { currency: true, originalTotal: true, recalculatedTotal: true, differenceMinor: true, result: true },
        })
      : null,
    db.auditEntry.findFirst({ where: { entityType: "correction", entityId: c.id, action: "correction.refund_override" }, select: { reason: true, at: true } }),
    db.dispute.findMany({
      where: { customerId: c.invoice.customerId, ...(c.disputeId ? { id: { not: c.disputeId } } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, number: true, status: true, reason: true, createdAt: true },
    }),
    db.correction.findMany({
      where: { invoice: { customerId: c.invoice.customerId }, status: "ISSUED", id: { not: c.id } },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, kind: true, amountMinor: true, currency: true, issuedAt: true },
    }),
  ]);
  let changed: { lineId: string; description: string | null; status: string; original: bigint; recalculated: bigint; difference: bigint }[] = [];
  if (recalculation) {
    const stored = ((recalculation.result as { lines?: StoredLine[] } | null)?.lines ?? []).filter((l) => l.status && l.status !== "unchanged" && l.lineId);
    const names = await db.invoiceLine.findMany({
      where: { invoiceId: c.invoiceId, stripeId: { in: stored.map((l) => l.lineId!) } },
      select: { stripeId: true, description: true },
    });
    changed = stored.map((l) => ({
      lineId: l.lineId!,
      description: names.find((n) => n.stripeId === l.lineId)?.description ?? null,
      status: l.status!,
      original: big(l.total?.original),
      recalculated: big(l.total?.recalculated),
      difference: big(l.total?.difference),
    }));
  }
  return {
    claim: dispute && {
      description: dispute.description,
      claimedMinor: dispute.claimedMinor,
      currency: dispute.currency,
      reason: dispute.reason,
      openedAt: dispute.createdAt,
    },
    attachments: dispute?.attachments ?? [],
    recalculation: recalculation && {
      currency: recalculation.currency,
      originalTotal: recalculation.originalTotal,
      recalculatedTotal: recalculation.recalculatedTotal,
      differenceMinor: recalculation.differenceMinor,
      changed,
    },
    override: override && { reason: override.reason ?? "", at: override.at },
    history: { disputes: otherDisputes, corrections: issued },
  };
}

export type ApprovalEvidence = Awaited<ReturnType<typeof getApprovalEvidence>>;
