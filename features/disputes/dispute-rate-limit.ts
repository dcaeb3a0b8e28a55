import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";

// Shared in Postgres (RateLimit table) like the sign-in limits, so every web instance counts
// against the same budget. Per user: disputes are opened rarely, replies more often.
export const DISPUTE_LIMITS = {
  open: { points: 10, duration: 60 * 60 },
  reply: { points: 30, duration: 10 * 60 },
};
type Kind = keyof typeof DISPUTE_LIMITS;

const cache = new WeakMap<Db, Record<Kind, RateLimiterPrisma>>();
function limiters(db: Db) {
  let found = cache.get(db);
  if (!found) {
    const make = (kind: Kind) =>
      new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix: `dispute_${kind}`, ...DISPUTE_LIMITS[kind], clearExpiredByTimeout: false });
    found = { open: make("open"), reply: make("reply") };
    cache.set(db, found);
  }
  return found;
}

/** Spends one point of the user's budget; throws RateLimitedError when it is used up. */
export async function consumeDisputeAction(db: Db, options: { userId: string; kind: Kind }): Promise<void> {
  try {
    await limiters(db)[options.kind].consume(options.userId);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
    throw err;
  }
}
