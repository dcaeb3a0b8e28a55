import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { LIVE_LINK } from "./customer-links";
import { getSessionUser, type SessionUser } from "./get-session-user";
import { hasRole, isStaffRole, type StaffRole } from "./roles";

// These guards are the access check: layouts, pages, server actions, route handlers and
// feature entry points all call them. The proxy's redirect is only a convenience.

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}

export type CustomerContext = { user: SessionUser; customerIds: string[] };

/** A customer user and the Stripe customers linked to them: every portal query filters by these. */
export async function requireCustomer(): Promise<CustomerContext> {
  const user = await requireUser();
  if (user.role !== "CUSTOMER") throw new ForbiddenError();
  // Read with the session in the same statement; looked up here only for users built elsewhere.
  if (user.customerIds) return { user, customerIds: user.customerIds };
  const db = await getDb();
  const links = await db.$queryRaw<{ customerId: string }[]>`
    SELECT uc."customerId" FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" JOIN "Customer" c ON c.id = uc."customerId"
    WHERE uc."userId" = ${user.id} AND ${LIVE_LINK} ORDER BY uc."linkedAt"`;
  return { user, customerIds: links.map((l) => l.customerId) };
}

export async function requireStaff(minRole: StaffRole = "AGENT"): Promise<SessionUser & { role: StaffRole }> {
  const user = await requireUser();
  if (!isStaffRole(user.role) || !hasRole(user.role, minRole)) throw new ForbiddenError();
  return user as SessionUser & { role: StaffRole };
}

/**
 * For layouts and pages: anonymous → the sign-in page (coming back here afterwards);
 * signed in without access → 404, so a customer cannot even learn which desk pages exist.
 */
export async function guardPage<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      const path = (await headers()).get("x-settle-path") ?? "/";
      redirect(`/sign-in?${new URLSearchParams({ callbackUrl: path })}`);
    }
    if (error instanceof ForbiddenError) notFound();
    throw error;
  }
}
