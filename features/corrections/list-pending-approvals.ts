import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/disputes/access";
import { getApprovalThresholds } from "./get-approval-thresholds";

/** Corrections waiting for a lead, oldest first, and the thresholds that sent them there. Leads and admins only. */
export async function listPendingApprovals(db: Db, options: { actor: Actor }) {
  const actor = assertStaff(options.actor, "LEAD");
  const rows = await db.correction.findMany({
    where: { status: "PENDING_APPROVAL" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true, kind: true, amountMinor: true, currency: true, createdAt: true, requestedById: true, memo: true,
      invoice: { select: { id: true, number: true } }, dispute: { select: { id: true, number: true } },
    },
  });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.requestedById) } }, select: { id: true, name: true, email: true } });
  const thresholds = await getApprovalThresholds(db);
  return {
    rows: rows.map((r) => ({ ...r, requester: users.find((u) => u.id === r.requestedById) ?? null, mine: r.requestedById === actor.id })),
    thresholds: Object.entries(thresholds).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
  };
}
