// Stripe answering 429 (a rate or concurrency limiter), 5xx, or not answering at all says "later",
// not "this event is wrong": https://docs.stripe.com/rate-limits#handling-limiting-gracefully asks
// for backing off and retrying. Callers treat such errors as back-pressure and never count them
// towards an event's or a job's failure.

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  headers?: Record<string, string | undefined>;
}

export function isStripeBackPressure(error: unknown): boolean {
  const e = error as StripeLikeError | null;
  if (!e || typeof e !== "object") return false;
  if (e.type === "StripeRateLimitError" || e.type === "StripeConnectionError") return true;
  return typeof e.statusCode === "number" && (e.statusCode === 429 || e.statusCode >= 500) && typeof e.type === "string" && e.type.startsWith("Stripe");
}

/**
 * How long to wait before trying again: Stripe's Retry-After when it sent one (capped), otherwise
 * a jittered 1–4 s so that many workers throttled at once do not come back in step.
 */
export function backPressureDelayMs(error: unknown, random: () => number = Math.random): number {
  const retryAfter = Number((error as StripeLikeError | null)?.headers?.["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, 60_000);
  return 1000 + Math.floor(random() * 3000);
}
