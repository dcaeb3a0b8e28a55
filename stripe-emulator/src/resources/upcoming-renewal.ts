// `invoice.upcoming`: the renewal announced some days before a subscription creates an invoice
// that is charged automatically.
//
// Stripe (event types, https://docs.stripe.com/api/events/types#event_types-invoice.upcoming):
// "Sent X number of days before a subscription is scheduled to create an invoice that is
// automatically charged—where X is determined by your subscriptions settings. Note: The received
// Invoice object will not have an invoice ID." Stripe's Dashboard setting ("Upcoming renewal
// events", https://dashboard.stripe.com/account/billing/automatic) is not in the API, so the
// emulator keeps X in its own settings: `setUpcomingRenewalDays()` / control API
// `POST /_emulator/upcoming-renewal {"days": N}` (`null` turns the event off), default 3 days (the
// brief's default; Stripe's documentation names no number).
//
// What is sent: the subscription's upcoming invoice as `invoices.createPreview` answers it
// (invoice-preview.ts), without `id`; once per subscription and period end; only for
// `collection_method: charge_automatically` and a subscription that renews (not one canceling at
// or before its period end). When: on a test clock, as the clock passes the instant (test-clocks.ts
// dueSteps); without one, when the emulator's own clock is moved past it (control API clock/advance
// and clock/set, as invoice.overdue).
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import type { Obj } from "../store";
import { upcomingInvoiceOf } from "./invoice-preview";

const DAY = 86_400;
export const DEFAULT_UPCOMING_RENEWAL_DAYS = 3;
const LIVE = new Set(["active", "trialing", "past_due", "unpaid"]);
const sentKey = (subId: string, end: number) => `invoice_upcoming:${subId}:${end}`;

/** X, the days before a renewal that invoice.upcoming is sent (null: never). */
export function upcomingRenewalDays(em: Emulator): number | null {
  const s = em.store.meta.get("upcoming_renewal") as { days: number | null } | undefined;
  return s ? s.days : DEFAULT_UPCOMING_RENEWAL_DAYS;
}

export function setUpcomingRenewalDays(em: Emulator, days: unknown): { days: number | null } {
  const d = days === null ? null : Number(days);
  if (d !== null && (!Number.isInteger(d) || d < 1)) throw invalid("days must be a whole number of days (≥ 1) or null.", "days");
  em.store.meta.set("upcoming_renewal", { days: d });
  em.touch();
  return { days: d };
}

/** The subscription's next renewal (the earliest item period end). */
function renewalOf(em: Emulator, sub: Obj): number {
  let end = Infinity;
  for (const si of em.store.c.subscription_items.where("subscription", sub.id)) if (!si.deleted) end = Math.min(end, si.current_period_end);
  return end;
}

/**
 * When invoice.upcoming is due for the renewal at `end`, or null (sent already, not charged
 * automatically, ending instead of renewing, turned off). Never before the period started.
 */
export function upcomingRenewalAt(em: Emulator, sub: Obj, end: number): number | null {
  const days = upcomingRenewalDays(em);
  if (days === null || !LIVE.has(sub.status) || !Number.isFinite(end)) return null;
  if (sub.collection_method !== "charge_automatically") return null;
  if (sub.cancel_at !== null && sub.cancel_at <= end) return null;
  if (em.store.meta.get(sentKey(sub.id, end))) return null;
  let start = -Infinity;
  for (const si of em.store.c.subscription_items.where("subscription", sub.id)) if (!si.deleted) start = Math.max(start, si.current_period_start);
  return Math.max(end - days * DAY, start);
}

/** Sends invoice.upcoming for the renewal at `end` (once). */
export function sendUpcomingRenewal(em: Emulator, sub: Obj, end: number): void {
  em.store.meta.set(sentKey(sub.id, end), { sent: true });
  const inv = upcomingInvoiceOf(em, sub);
  if (!inv) return;
  // "The received Invoice object will not have an invoice ID."
  delete inv.id;
  em.emit("invoice.upcoming", inv);
}

/** Subscriptions without a test clock whose announcement time the emulator's clock has passed. */
export function emitUpcomingRenewals(em: Emulator): number {
  const now = em.clock.now();
  let n = 0;
  for (const sub of em.store.c.subscriptions.items.values()) {
    if (sub.test_clock) continue;
    const end = renewalOf(em, sub);
    const at = upcomingRenewalAt(em, sub, end);
    if (at === null || now < at) continue;
    sendUpcomingRenewal(em, sub, end);
    n++;
  }
  return n;
}
