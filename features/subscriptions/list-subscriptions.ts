import "server-only";
import type { Db } from "@/lib/db";
import { bySubscriptionOrder, subscriptionView, type PriceRowWithName, type SubscriptionView } from "./subscription-view";

/** The signed-in customer's subscriptions: `customerIds` are the session's (ownership is in the WHERE clause). */
export type ListSubscriptionsOptions = { customerIds: string[]; limit?: number };

export async function listSubscriptions(db: Db, options: ListSubscriptionsOptions): Promise<SubscriptionView[]> {
  if (!options.customerIds.length) return [];
  // A customer has a handful of subscriptions; the cap only bounds a pathological account.
  const take = Math.min(Math.max(options.limit ?? 100, 1), 200);
  const rows = await db.subscription.findMany({
    where: { customerId: { in: options.customerIds } },
    orderBy: [{ stripeCreated: "desc" }, { id: "asc" }],
    take,
    select: {
      id: true,
      stripeId: true,
      status: true,
      currency: true,
      stripeCreated: true,
      trialStart: true,
      trialEnd: true,
      cancelAt: true,
      cancelAtPeriodEnd: true,
      canceledAt: true,
      endedAt: true,
      pauseBehavior: true,
      pauseResumesAt: true,
      items: {
        orderBy: [{ stripeCreated: "asc" }, { stripeId: "asc" }],
        select: { stripeId: true, priceId: true, quantity: true, currentPeriodStart: true, currentPeriodEnd: true },
      },
    },
  });
  const priceIds = [...new Set(rows.flatMap((r) => r.items.map((i) => i.priceId)))];
  const priceRows = priceIds.length
    ? await db.price.findMany({
        where: { id: { in: priceIds } },
        select: {
          id: true,
          productId: true,
          productName: true,
          recurringInterval: true,
          billingScheme: true,
          tiersMode: true,
          tiers: true,
          transformQuantity: true,
          unitAmountDecimal: true,
        },
      })
    : [];
  const prices = new Map<string, PriceRowWithName>(
    priceRows.map((p) => [p.id, { ...p, unitAmountDecimal: p.unitAmountDecimal === null ? null : p.unitAmountDecimal.toFixed() }]),
  );
  return rows.map((r) => subscriptionView(r, prices)).sort(bySubscriptionOrder);
}
