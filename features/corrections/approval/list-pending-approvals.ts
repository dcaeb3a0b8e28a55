import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getApprovalThresholds } from "../thresholds/get-approval-thresholds";

/** Corrections and threshold raises waiting for a lead, oldest first, and the thresholds in force. Leads and admins only. */
export async function listPendingApprovals(db: Db, options: { actor: Actor }) {
  const actor = assertStaff(options.actor, "LEAD");
  const rows = await db.correction.findMany({
    where: { status: "PENDING_APPROVAL" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      kind: true,
      amountMinor: true,
      currency: true,
      createdAt: true,
      requestedById: true,
      memo: true,
      invoice: { select: { id: true, number: true } },
      dispute: { select: { id: true, number: true } },
    },
  });
  const changes = await db.approvalThresholdChange.findMany({
    where: { status: "PENDING" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, currency: true, fromMinor: true, toMinor: true, reason: true, requestedById: true, createdAt: true },
  });
  const users = await db.user.findMany({
    where: { id: { in: [...rows.map((r) => r.requestedById), ...changes.map((c) => c.requestedById)] } },
    select: { id: true, name: true, email: true },
  });
  const thresholds = await getApprovalThresholds(db);
  const requester = (id: string) => users.find((u) => u.id === id) ?? null;
  return {
    rows: rows.map((r) => ({ ...r, requester: requester(r.requestedById), mine: r.requestedById === actor.id })),
    // Threshold raises waiting for a second lead or an admin; the requester may only withdraw theirs.
    thresholdChanges: changes.map((c) => ({ ...c, requester: requester(c.requestedById), mine: c.requestedById === actor.id })),
    thresholds: Object.entries(thresholds)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount })),
  };
}
