import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import type { Role } from "@prisma/client";
import { getDb, type Db } from "@/lib/db";
import { LIVE_LINK } from "./customer-links";
import { sessionCookieName } from "./session-cookie";

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  locale: string | null;
  /** The Stripe customers linked to the user (read with the session: one round trip per request). */
  customerIds?: string[];
};

/** Looks up a database session by its token; null when absent, revoked or expired. */
export async function findSessionUser(db: Db, sessionToken: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!sessionToken) return null;
  // One statement for the session, its user and the user's linked customers: every portal
  // request needs all three, and each round trip through the client costs milliseconds. Only
  // links that hold under Stripe's current data count (LIVE_LINK), so an open session loses a
  // customer on the request after its email changed or it was deleted.
  const [row] = await db.$queryRaw<
    { expires: Date; id: string; email: string; name: string | null; role: Role; locale: string | null; customerIds: string[] | null }[]
  >`
    SELECT s.expires, u.id, u.email, u.name, u.role::text AS role, u.locale,
           (SELECT array_agg(uc."customerId" ORDER BY uc."linkedAt") FROM "UserCustomer" uc JOIN "Customer" c ON c.id = uc."customerId"
             WHERE uc."userId" = u.id AND ${LIVE_LINK}) AS "customerIds"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."sessionToken" = ${sessionToken}`;
  if (!row || row.expires <= now) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, customerIds: row.customerIds ?? [] };
}

/** The signed-in user of this request, read fresh from the database once per render (the request's edge). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const store = await cookies();
  const token = store.get(sessionCookieName())?.value;
  return token ? findSessionUser(await getDb(), token) : null;
});
