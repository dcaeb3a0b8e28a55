import "server-only";
import type { Db } from "@/lib/db";
import { syncUserLinks } from "./customer-links";

/**
 * At sign-in (the email was just verified by the magic link): links the user to every live
 * Stripe customer carrying the same email and drops links that Stripe's data no longer supports
 * (the customer's email changed or it was deleted). Returns the number of new links.
 */
export async function linkUserToCustomers(db: Db, userId: string): Promise<number> {
  const change = await db.$transaction((tx) => syncUserLinks(tx, userId));
  return change.linked.length;
}
