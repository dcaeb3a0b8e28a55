import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";

// Stored in Postgres (RateLimit table) so every web instance counts against the same budget.
export const SIGN_IN_LIMITS = {
  perEmail: { points: 5, duration: 15 * 60 },
  perIp: { points: 20, duration: 15 * 60 },
};

type Limits = typeof SIGN_IN_LIMITS;
const cache = new WeakMap<Db, { email: RateLimiterPrisma; ip: RateLimiterPrisma }>();

function limiters(db: Db, limits: Limits) {
  const create = () => ({
    email: new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix: "signin_email", ...limits.perEmail, clearExpiredByTimeout: false }),
    ip: new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix: "signin_ip", ...limits.perIp, clearExpiredByTimeout: false }),
  });
  if (limits !== SIGN_IN_LIMITS) return create();
  let found = cache.get(db);
  if (!found) cache.set(db, (found = create()));
  return found;
}

// Emails are hashed in the key: the rate-limit table should not become a list of addresses.
const emailKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);

export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Spends one point on the email's budget and one on the IP's; either running out blocks. */
export async function consumeSignInAttempt(db: Db, options: { email: string; ip: string; limits?: Limits }): Promise<RateLimitVerdict> {
  const l = limiters(db, options.limits ?? SIGN_IN_LIMITS);
  const results = await Promise.allSettled([l.email.consume(emailKey(options.email)), l.ip.consume(options.ip || "unknown")]);
  let waitMs = 0;
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    if (r.reason instanceof RateLimiterRes) waitMs = Math.max(waitMs, r.reason.msBeforeNext);
    else throw r.reason;
  }
  return waitMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { ok: true };
}
