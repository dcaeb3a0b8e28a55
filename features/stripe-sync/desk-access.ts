import "server-only";
import type { Role } from "@prisma/client";
import { hasRole, isStaffRole, type StaffRole } from "@/features/auth/roles";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";

// stripe-sync knows nothing of the dispute desk, so it carries its own (tiny) role check.
export type SyncActor = { id: string; role: Role } | null;
export type SyncStaff = { id: string; role: StaffRole };

/** Every desk entry point of sync calls this first: a page or action that forgot a guard still cannot leak. */
export function assertSyncStaff(actor: SyncActor, minRole: StaffRole = "AGENT"): SyncStaff {
  if (!actor) throw new UnauthenticatedError();
  if (!isStaffRole(actor.role) || !hasRole(actor.role, minRole)) throw new ForbiddenError();
  return { id: actor.id, role: actor.role };
}

export const syncAuditActor = (staff: SyncStaff) => ({ id: staff.id, label: `user:${staff.id}` });
