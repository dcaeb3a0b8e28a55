import { ArrivalRate } from "../processor/yield-to-intake";

// One meter per process, on globalThis: Next bundles the webhook route and instrumentation.ts
// (which starts the in-process worker) separately, so a module-level instance would be two.
const holder =
  (globalThis as { __settleWebhookArrivals?: ArrivalRate }).__settleWebhookArrivals ??
  ((globalThis as { __settleWebhookArrivals?: ArrivalRate }).__settleWebhookArrivals = new ArrivalRate());

/** Counts one webhook request reaching this process (valid or not: each costs the same CPU to answer). */
export function recordWebhookArrival(nowMs: number = performance.now()): void {
  holder.record(nowMs);
}

/** Webhook requests per second reaching this process over the last second (the worker's pressure signal). */
export function webhookArrivalsPerSecond(nowMs: number = performance.now()): number {
  return holder.perSecond(nowMs);
}
