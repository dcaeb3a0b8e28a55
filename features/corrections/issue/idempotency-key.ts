/**
 * The Stripe idempotency key of a correction's n-th definitive attempt. A crash or a network
 * error retries under the same key (Stripe replays the first result, so at most one credit
 * note); only after Stripe definitively refused the request (a 4xx it would replay forever)
 * does a retry move to the next generation.
 */
export function correctionIdempotencyKey(correctionId: string, generation = 0): string {
  return generation === 0 ? `settle-correction-${correctionId}` : `settle-correction-${correctionId}-g${generation}`;
}
