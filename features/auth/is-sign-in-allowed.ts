import "server-only";
import type { Db } from "@/lib/db";

/** Known users, and people whose email belongs to a Stripe customer, may receive a link. */
export async function isSignInAllowed(db: Db, email: string): Promise<boolean> {
  const [user, customer] = await Promise.all([
    db.user.findUnique({ where: { email }, select: { id: true } }),
    db.customer.findFirst({ where: { email: { equals: email, mode: "insensitive" }, deleted: false }, select: { id: true } }),
  ]);
  return Boolean(user || customer);
}
