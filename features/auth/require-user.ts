import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { assertCustomer, customerIdsOf } from "./actor";
import { getSessionUser, type SessionUser } from "./get-session-user";

// These guards are the access check for the request's session: layouts, pages, server actions
// and route handlers call them (staff: `assertStaff(await getSessionUser(), role)`; the checks
// themselves live in ./actor). The proxy's redirect is only a convenience.

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}

export type CustomerContext = { user: SessionUser; customerIds: string[] };

/** A customer user and the Stripe customers linked to them: every portal query filters by these. */
export async function requireCustomer(): Promise<CustomerContext> {
  const user = assertCustomer(await getSessionUser());
  // Read with the session in the same statement; looked up here only for users built elsewhere.
  if (user.customerIds) return { user, customerIds: user.customerIds };
  return { user, customerIds: await customerIdsOf(await getDb(), user.id) };
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
