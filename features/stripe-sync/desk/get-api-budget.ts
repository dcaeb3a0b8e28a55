import "server-only";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";
import { stripeBudgetFor } from "@/lib/stripe";
import { budgetAccount, type StripeBudget } from "@/lib/stripe-budget";

export interface ApiBudgetBucket {
  /** global: the account's; sync / bulk: a priority class's cap; background: both classes' cap; endpoint: one endpoint's */
  name: "global" | "sync" | "bulk" | "background" | "endpoint";
  endpoint: string | null;
  perSecond: number;
  /** share of one second's tokens in use right now, 0–1 */
  inUse: number;
  granted: bigint;
}

export interface ApiBudgetView {
  /** null: no shared budget (the local emulator, or STRIPE_API_BUDGET=off) */
  limits: StripeBudget | null;
  buckets: ApiBudgetBucket[];
  /** events put back because Stripe answered 429 or 5xx, waiting for their next try */
  throttledWaiting: number;
  /** 429 answers this process has had from Stripe since it started */
  rateLimitedHere: number;
}

/** The Stripe API budget as the desk shows it: each bucket's rate and what is in use now. */
export async function getApiBudget(db: Db): Promise<ApiBudgetView> {
  const e = env();
  const limits = stripeBudgetFor(e.STRIPE_API_BUDGET, e.STRIPE_SECRET_KEY, process.env.STRIPE_API_BASE || e.STRIPE_API_BASE);
  const account = budgetAccount(e.STRIPE_SECRET_KEY);
  const [rows, [{ n }], limited] = await Promise.all([
    db.$queryRaw<{ key: string; rate: number; avail: number; capacity: number; granted: bigint }[]>`
      SELECT key, rate, capacity, granted,
             LEAST(capacity, tokens + GREATEST(0, extract(epoch FROM clock_timestamp() - "updatedAt")) * rate)::float8 AS avail
        FROM "StripeApiBudget" WHERE key LIKE ${`${account}:%`} ORDER BY granted DESC LIMIT 20`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "StripeEvent"
       WHERE status = 'PENDING' AND ("lastError" ILIKE '%rate limit%' OR "lastError" ILIKE '%StripeRateLimitError%' OR "lastError" ILIKE '%StripeAPIError%')`,
    metrics().stripeRateLimited.get(),
  ]);
  const order = { global: 0, background: 1, sync: 2, bulk: 3, endpoint: 4 } as const;
  const buckets = rows
    .map((r): ApiBudgetBucket => {
      const rest = r.key.slice(account.length + 1);
      const name = rest.startsWith("endpoint:") ? "endpoint" : (rest as "global" | "sync" | "bulk" | "background");
      return {
        name,
        endpoint: name === "endpoint" ? rest.slice("endpoint:".length) : null,
        perSecond: r.rate,
        inUse: Math.min(1, Math.max(0, 1 - r.avail / r.capacity)),
        granted: BigInt(r.granted),
      };
    })
    .sort((a, b) => order[a.name] - order[b.name]);
  return { limits, buckets, throttledWaiting: n, rateLimitedHere: limited.values.reduce((sum, v) => sum + v.value, 0) };
}
