import "server-only";
import type { Role } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { LIVE_LINK } from "./customer-links";
import { hasRole, isStaffRole, type StaffRole } from "./roles";

/**
 * Who is calling a feature function. Server actions and pages pass the session user (or null);
 * every function re-checks the role itself, so a route that forgets a guard still cannot leak.
 * This module is the one place that decides who is staff, who is a customer and which Stripe
 * customers a customer user may see; every feature asks it.
 */
export type Actor = { id: string; role: Role; email?: string; name?: string | null; locale?: string | null } | null;
export type StaffActor = { id: string; role: StaffRole; email?: string; name?: string | null };
export type CustomerActor = { id: string; role: "CUSTOMER"; email?: string; locale?: string | null };

/** The staff check: anonymous → 401, not staff or below `minRole` → 403. Returns the same actor, typed as staff. */
export function assertStaff<A extends { id: string; role: Role }>(actor: A | null | undefined, minRole: StaffRole = "AGENT"): A & { role: StaffRole } {
  if (!actor) throw new UnauthenticatedError();
  if (!isStaffRole(actor.role) || !hasRole(actor.role, minRole)) throw new ForbiddenError();
  return actor as A & { role: StaffRole };
}

/** The customer check: anonymous → 401, staff → 403 (the portal is the customer's own view). */
export function assertCustomer<A extends { id: string; role: Role }>(actor: A | null | undefined): A & { role: "CUSTOMER" } {
  if (!actor) throw new UnauthenticatedError();
  if (actor.role !== "CUSTOMER") throw new ForbiddenError();
  return actor as A & { role: "CUSTOMER" };
}

/** The audit trail's name for a person. */
export const auditActor = (actor: { id: string }) => ({ id: actor.id, label: `user:${actor.id}` });

/**
 * The Stripe customers a customer user may see: links that still hold under Stripe's current
 * data (LIVE_LINK), oldest link first. The session query reads the same set in its own statement.
 */
export async function customerIdsOf(db: Db, userId: string): Promise<string[]> {
  const links = await db.$queryRaw<{ customerId: string }[]>`
    SELECT uc."customerId" FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" JOIN "Customer" c ON c.id = uc."customerId"
    WHERE uc."userId" = ${userId} AND ${LIVE_LINK} ORDER BY uc."linkedAt"`;
  return links.map((l) => l.customerId);
}
