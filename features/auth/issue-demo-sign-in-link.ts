import "server-only";
import { getDb, type Db } from "@/lib/db";
import { isDemo } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { demoUsers } from "./demo-users";
import { issueSignInLink } from "./issue-sign-in-link";

/** Demo picker: a real one-time link for a seeded user, without the mail round trip. */
export async function issueDemoSignInLink(db: Db, options: { email: string }): Promise<{ url: string }> {
  if (!isDemo()) throw new NotFoundError();
  const email = options.email.trim().toLowerCase();
  if (!demoUsers.some((u) => u.email === email)) throw new NotFoundError();
  const user = await db.user.findUnique({ where: { email }, select: { role: true } });
  if (!user) throw new NotFoundError();
  const { url } = await issueSignInLink(db, { email, callbackUrl: user.role === "CUSTOMER" ? "/" : "/desk" });
  return { url };
}

export async function listDemoUsers(db: Db) {
  if (!isDemo()) return [];
  const rows = await db.user.findMany({
    where: { email: { in: demoUsers.map((u) => u.email) } },
    select: { email: true, name: true, role: true },
  });
  const order = demoUsers.map((u) => u.email);
  return rows.sort((a, b) => order.indexOf(a.email) - order.indexOf(b.email));
}

/** The demo picker's route: one call with the process's database. */
export async function startDemoSignIn(email: string): Promise<{ url: string }> {
  if (!isDemo()) throw new NotFoundError();
  return issueDemoSignInLink(await getDb(), { email });
}
