import "server-only";
import { bigOrNull, idOf, toDate } from "../convert";
import { customerIdFor } from "./project-customer";
import { isStaleSnapshot, laterDate, statusRank } from "./status-order";
import type { ProjectionChange, StripeJson, Tx } from "../types";
import { findGuarded } from "./upsert-row";

const FINAL = 9;

/**
 * Whether a subscription snapshot is older than what the row holds: events apply in order
 * (lastEventAt), and a terminal status (canceled, incomplete_expired) is never left. Unlike
 * invoices, the other statuses are no ladder (active ↔ past_due, paused ↔ active, a new
 * trial), so between them only time decides; the rank orders snapshots of one second.
 */
export function staleSubscription(existing: { status: string; lastEventAt: Date | null } | null, incomingStatus: string, eventAt: Date | null): boolean {
  if (!existing) return false;
  const from = statusRank("subscription", existing.status);
  const to = statusRank("subscription", incomingStatus);
  return isStaleSnapshot({
    lastEventAt: eventAt ? existing.lastEventAt : null,
    eventAt: eventAt ?? new Date(0),
    statusMayMove: existing.status === incomingStatus || from < FINAL,
    incomingRank: [to],
    storedRank: [from],
  });
}

const ids = (list: unknown): string[] => (Array.isArray(list) ? list.map(idOf).filter((x): x is string => !!x) : []);

/**
 * A subscription and its items. Its items are replaced by the snapshot's (the snapshot is
 * complete: refetch-decision.ts fetches a subscription whose items have more pages). Since API
 * 2025-03-31 the period is the item's (items.data.current_period_start/end); legacy-shape.ts
 * moves an older snapshot's subscription-level period onto its items.
 */
export async function projectSubscription(tx: Tx, sub: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await findGuarded(tx, "Subscription", sub.id);
  if (staleSubscription(existing, sub.status, eventAt)) return null;
  const customerId = await customerIdFor(tx, sub.customer);
  const lastEventAt = eventAt ? laterDate(existing?.lastEventAt ?? null, eventAt) : (existing?.lastEventAt ?? null);
  const data = {
    customerId,
    status: String(sub.status),
    currency: String(sub.currency),
    collectionMethod: sub.collection_method ?? null,
    description: sub.description ?? null,
    startDate: toDate(sub.start_date),
    billingCycleAnchor: toDate(sub.billing_cycle_anchor),
    trialStart: toDate(sub.trial_start),
    trialEnd: toDate(sub.trial_end),
    cancelAt: toDate(sub.cancel_at),
    cancelAtPeriodEnd: sub.cancel_at_period_end === true,
    canceledAt: toDate(sub.canceled_at),
    endedAt: toDate(sub.ended_at),
    pauseBehavior: sub.pause_collection?.behavior ?? null,
    pauseResumesAt: toDate(sub.pause_collection?.resumes_at),
    latestInvoiceId: idOf(sub.latest_invoice),
    defaultTaxRateIds: ids(sub.default_tax_rates),
    discountIds: ids(sub.discounts),
    livemode: sub.livemode === true,
    stripeCreated: toDate(sub.created) ?? new Date(0),
    lastEventAt,
  };
  const row = await tx.subscription.upsert({ where: { stripeId: sub.id }, update: data, create: { stripeId: sub.id, ...data }, select: { id: true } });
  const items: StripeJson[] = sub.items?.data ?? [];
  await tx.subscriptionItem.deleteMany({ where: { subscriptionId: row.id, stripeId: { notIn: items.map((i) => String(i.id)) } } });
  for (const item of items) {
    const itemData = {
      subscriptionId: row.id,
      priceId: idOf(item.price) ?? "",
      // metered prices have no quantity (usage is reported to the meter)
      quantity: bigOrNull(item.quantity),
      currentPeriodStart: toDate(item.current_period_start),
      currentPeriodEnd: toDate(item.current_period_end),
      taxRateIds: ids(item.tax_rates),
      stripeCreated: toDate(item.created) ?? new Date(0),
    };
    await tx.subscriptionItem.upsert({ where: { stripeId: item.id }, update: itemData, create: { stripeId: item.id, ...itemData } });
  }
  return { kind: "subscription", stripeId: sub.id, customerId };
}
