import "server-only";
import type { Role } from "@prisma/client";
import { hasRole, isStaffRole, type StaffRole } from "@/features/auth/roles";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";

/**
 * Who is calling a feature function. Server actions and pages pass the session user (or null);
 * every function re-checks the role itself, so a route that forgets a guard still cannot leak.
 */
export type Actor = { id: string; role: Role; email?: string; name?: string | null; locale?: string | null } | null;
export type StaffActor = { id: string; role: StaffRole; email?: string; name?: string | null };
export type CustomerActor = { id: string; role: "CUSTOMER"; email?: string; locale?: string | null };

export function assertStaff(actor: Actor, minRole: StaffRole = "AGENT"): StaffActor {
  if (!actor) throw new UnauthenticatedError();
  if (!isStaffRole(actor.role) || !hasRole(actor.role, minRole)) throw new ForbiddenError();
  return actor as StaffActor;
}

export function assertCustomer(actor: Actor): CustomerActor {
  if (!actor) throw new UnauthenticatedError();
  if (actor.role !== "CUSTOMER") throw new ForbiddenError();
  return actor as CustomerActor;
}

export const auditActor = (actor: { id: string }) => ({ id: actor.id, label: `user:${actor.id}` });
