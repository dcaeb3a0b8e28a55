import "server-only";
import type { Db } from "@/lib/db";

/**
 * Links a user to every live Stripe customer carrying the same email. Called at sign-in (the
 * email was just verified by the magic link) and after sync brings in new customers.
 * Returns the number of new links.
 */
export async function linkUserToCustomers(db: Db, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return 0;
  const customers = await db.customer.findMany({
    where: { email: { equals: user.email, mode: "insensitive" }, deleted: false },
    select: { id: true },
  });
  if (customers.length === 0) return 0;
  const { count } = await db.userCustomer.createMany({
    data: customers.map((c) => ({ userId, customerId: c.id })),
    skipDuplicates: true,
  });
  return count;
}
