import "server-only";
import type { Db } from "@/lib/db";
import { hasRole } from "@/features/auth/roles";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { openStatuses } from "@/features/disputes/state-machine";

/**
 * The numbers on the desk's nav: disputes assigned to me (the inbox), unassigned disputes (the
 * queue), corrections waiting for my approval (never my own requests). Three counts on indexed
 * columns, on every desk page.
 */
export async function getDeskBadges(db: Db, options: { actor: Actor }) {
  const actor = assertStaff(options.actor);
  const [mine, unassigned, approvals] = await Promise.all([
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: actor.id } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: null } }),
    hasRole(actor.role, "LEAD") ? db.correction.count({ where: { status: "PENDING_APPROVAL", requestedById: { not: actor.id } } }) : Promise.resolve(0),
  ]);
  return { mine, unassigned, approvals };
}

export type DeskBadges = Awaited<ReturnType<typeof getDeskBadges>>;
