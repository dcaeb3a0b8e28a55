import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import type { Role } from "@prisma/client";
import { getDb } from "@/lib/db";
import { sessionCookieName } from "./session-cookie";

export type SessionUser = { id: string; email: string; name: string | null; role: Role; locale: string | null };

/** Looks up the request's database session; null when absent, revoked or expired. */
export async function findSessionUser(sessionToken: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!sessionToken) return null;
  const db = await getDb();
  const session = await db.session.findUnique({
    where: { sessionToken },
    select: { expires: true, user: { select: { id: true, email: true, name: true, role: true, locale: true } } },
  });
  if (!session || session.expires <= now) return null;
  return session.user;
}

/** The signed-in user of this request, read fresh from the database once per render. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const store = await cookies();
  return findSessionUser(store.get(sessionCookieName())?.value);
});
