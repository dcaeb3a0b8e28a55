// Which subscription item an invoice line bills, for the subscription rules. Pure.
//
// A subscription line names its item: `parent.subscription_item_details.subscription_item` on
// API 2025-03-31 "basil" lines ("The subscription item that generated this line item", Stripe's
// invoice line item object: https://docs.stripe.com/api/invoice-line-item/object), projected as
// InvoiceLine.subscriptionItemId. That id is looked up first. Lines that do not name one (invoice
// item lines, lines projected before the column, invoices imported from another system) are
// matched by what the projection has: the invoice's customer (the context holds only that
// customer's subscriptions), the line's price, and its period against the subscription's life.
import type { AuditContext, AuditLine, AuditSubscription, AuditSubscriptionItem } from "../types";

export interface SubscriptionMatch {
  subscription: AuditSubscription;
  item: AuditSubscriptionItem;
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) => aStart < bEnd && bStart < aEnd;

/**
 * The subscription item the line bills, or null when there is none or the choice is ambiguous
 * (then no subscription rule may accuse the line). The item the line names by id when it is among
 * the customer's subscriptions; else by price. Among several items with the line's price:
 * the one whose current period overlaps the line's period, else the one whose subscription was
 * started by the line's period start and started last (a price re-subscribed after a
 * cancellation belongs to the newer subscription).
 */
export function matchSubscriptionItem(ctx: AuditContext, line: AuditLine): SubscriptionMatch | null {
  if (!ctx.subscriptions?.length) return null;
  if (line.subscriptionItemId) {
    const byId = itemById(ctx.subscriptions, line.subscriptionItemId);
    if (byId) return byId;
  }
  return matchByPrice(ctx.subscriptions, line);
}

/** The item the line names, among the context's subscriptions (null when it is not among them). */
function itemById(subscriptions: AuditSubscription[], id: string): SubscriptionMatch | null {
  for (const subscription of subscriptions) for (const item of subscription.items) if (item.stripeId === id) return { subscription, item };
  return null;
}

/** Today's match by price and period (see matchSubscriptionItem). */
function matchByPrice(subscriptions: AuditSubscription[], line: AuditLine): SubscriptionMatch | null {
  if (!line.priceId) return null;
  const candidates: SubscriptionMatch[] = [];
  for (const subscription of subscriptions) for (const item of subscription.items) if (item.priceId === line.priceId) candidates.push({ subscription, item });
  if (candidates.length <= 1) return candidates[0] ?? null;
  if (!line.periodStart) return null;
  const ls = line.periodStart.getTime();
  const le = (line.periodEnd ?? line.periodStart).getTime();
  const overlapping = candidates.filter(
    ({ item }) =>
      item.currentPeriodStart &&
      item.currentPeriodEnd &&
      overlaps(ls, Math.max(le, ls + 1), item.currentPeriodStart.getTime(), item.currentPeriodEnd.getTime()),
  );
  if (overlapping.length === 1) return overlapping[0];
  const started = (overlapping.length ? overlapping : candidates).filter(({ subscription: s }) => s.startDate && s.startDate.getTime() <= ls);
  if (!started.length) return null;
  started.sort((a, b) => b.subscription.startDate!.getTime() - a.subscription.startDate!.getTime());
  if (started.length > 1 && started[0].subscription.startDate!.getTime() === started[1].subscription.startDate!.getTime()) return null;
  return started[0];
}

/**
 * When the subscription stopped serving: its `ended_at` ("If the subscription has ended, the
 * date the subscription ended", Stripe's Subscription object), else a `cancel_at` ("A date in
 * the future at which the subscription will automatically get canceled") that has passed: its
 * deletion event has not arrived yet, but the end is the same. Null while it runs.
 */
export function subscriptionEnd(s: AuditSubscription, now: Date): Date | null {
  if (s.endedAt) return s.endedAt;
  if (s.cancelAt && s.cancelAt.getTime() <= now.getTime()) return s.cancelAt;
  return null;
}
