import "server-only";
import { getDb } from "@/lib/db";
import { assertStaff } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { openStatuses } from "@/features/disputes/state-machine";

export type DeskSummary = { openDisputes: number; assignedToMe: number; unassigned: number; openFindings: number };


/** Counts for the desk home; staff only. */
export async function getDeskSummary(): Promise<DeskSummary> {
  const user = assertStaff(await getSessionUser(), "AGENT");
  const db = await getDb();
  const [openDisputes, assignedToMe, unassigned, openFindings] = await Promise.all([
    db.dispute.count({ where: { status: { in: [...openStatuses] } } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: user.id } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: null } }),
    db.finding.count({ where: { status: "OPEN" } }),
  ]);
  return { openDisputes, assignedToMe, unassigned, openFindings };
}
