import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { openStatuses } from "@/features/disputes/state-machine";

export type DeskSummary = { openDisputes: number; assignedToMe: number; unassigned: number; openFindings: number };
export type GetDeskSummaryOptions = { actor: Actor };

/** Counts for the desk home; staff only. */
export async function getDeskSummary(db: Db, options: GetDeskSummaryOptions): Promise<DeskSummary> {
  const user = assertStaff(options.actor, "AGENT");
  const [openDisputes, assignedToMe, unassigned, openFindings] = await Promise.all([
    db.dispute.count({ where: { status: { in: [...openStatuses] } } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: user.id } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: null } }),
    db.finding.count({ where: { status: "OPEN" } }),
  ]);
  return { openDisputes, assignedToMe, unassigned, openFindings };
}
