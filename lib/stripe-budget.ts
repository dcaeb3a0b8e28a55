import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Db } from "./db";

// One Stripe API budget per Stripe account, shared by every web process, worker and CLI through
// Postgres (table StripeApiBudget): token buckets refilled continuously, taken in one statement
// under a row lock, so N processes together never send more than the budget.
//
// Stripe allows 100 requests/s per account in live mode (25 in a sandbox) and 25/s per endpoint
// (https://docs.stripe.com/rate-limits). Settle keeps below that, leaving headroom for the
// merchant's other integrations and the Dashboard, and gives people first call on it:
// - people (a correction's preview and issuance, pay links, a resync asked for on the desk): the
//   whole budget;
// - sync (projecting webhook events): at most `sync` per second of it;
// - bulk (scheduled resync and reconciliation): at most `bulk` per second;
// - sync and bulk together: at most `background` per second. The two classes' caps may add up to
//   more than the account's rate (each may use the room the other leaves), so without this shared
//   cap a month-end burst beside a resync takes every token, and a person's request then only
//   races a dozen waiting workers for the next one (measured: 1.8 s for one list call). With it,
//   `globalPerSecond - background` per second is always left for people.
// A request waits for its tokens rather than being refused; 429s that still happen (another
// integration on the account) are back-pressure for the caller (lib/stripe-back-pressure.ts).

export type StripePriority = "people" | "sync" | "bulk";

export interface StripeBudget {
  globalPerSecond: number;
  endpointPerSecond: number;
  sync: number;
  bulk: number;
  /** sync and bulk together; below globalPerSecond, the rest is people's reserve */
  background: number;
}

export const LIVE_BUDGET: StripeBudget = { globalPerSecond: 80, endpointPerSecond: 20, sync: 60, bulk: 30, background: 60 };
export const SANDBOX_BUDGET: StripeBudget = { globalPerSecond: 20, endpointPerSecond: 20, sync: 15, bulk: 8, background: 15 };

const priorityStore = new AsyncLocalStorage<StripePriority>();

/** Runs `fn` with its Stripe requests drawn at this priority (default: people). */
export function withStripePriority<T>(priority: StripePriority, fn: () => Promise<T>): Promise<T> {
  return priorityStore.run(priority, fn);
}

export function currentStripePriority(): StripePriority {
  return priorityStore.getStore() ?? "people";
}

/** The account part of every bucket key: a hash of the secret key, never the key. */
export function budgetAccount(secretKey: string): string {
  return createHash("sha256").update(secretKey).digest("hex").slice(0, 16);
}

/** The buckets one request draws from: the account's, its endpoint's, and for background work its class's cap and the classes' shared one. */
export function bucketsFor(account: string, endpoint: string, priority: StripePriority, budget: StripeBudget): { key: string; perSecond: number }[] {
  const buckets = [
    { key: `${account}:global`, perSecond: budget.globalPerSecond },
    { key: `${account}:endpoint:${endpoint}`, perSecond: budget.endpointPerSecond },
  ];
  if (priority !== "people") {
    buckets.push({ key: `${account}:${priority}`, perSecond: budget[priority] });
    buckets.push({ key: `${account}:background`, perSecond: budget.background });
  }
  return buckets.filter((b) => b.perSecond > 0);
}

const ensured = new Set<string>();

/**
 * Takes one token from every bucket, or none: returns 0 when granted, otherwise how many
 * milliseconds until the emptiest bucket has a token again.
 */
export async function tryTakeTokens(db: Db, buckets: { key: string; perSecond: number }[]): Promise<number> {
  if (!buckets.length) return 0;
  const missing = buckets.filter((b) => !ensured.has(`${b.key}|${b.perSecond}`));
  if (missing.length) {
    // Capacity is one second's worth: a burst up to the rate passes, the sustained rate is the rate.
    await db.$executeRaw`
      INSERT INTO "StripeApiBudget" (key, tokens, rate, capacity)
      SELECT k, r, r, r FROM unnest(${missing.map((b) => b.key)}::text[], ${missing.map((b) => b.perSecond)}::float8[]) AS t(k, r) ORDER BY k
      ON CONFLICT (key) DO UPDATE SET rate = EXCLUDED.rate, capacity = EXCLUDED.capacity
        WHERE "StripeApiBudget".rate IS DISTINCT FROM EXCLUDED.rate`;
    for (const b of missing) ensured.add(`${b.key}|${b.perSecond}`);
  }
  const keys = buckets.map((b) => b.key).sort();
  // A request that cannot go yet learns it from a read that locks nothing. Waiting workers poll
  // several times a second each; if every poll took the rows' locks, a dozen of them would form a
  // queue on the account's row that a person's request joins at the back (measured: 3.3 s for
  // one list call with twelve workers throttled on their class's cap).
  const [peek] = await db.$queryRaw<{ wait: number }[]>`
    SELECT (coalesce(max(CASE WHEN avail < 1 THEN (1 - avail) / rate ELSE 0 END), 0) * 1000)::float8 AS wait FROM (
      SELECT rate, LEAST(capacity, tokens + GREATEST(0, extract(epoch FROM clock_timestamp() - "updatedAt")) * rate) AS avail
        FROM "StripeApiBudget" WHERE key = ANY(${keys}::text[])) cur`;
  if (peek!.wait > 0) return Math.max(1, Math.ceil(peek!.wait));
  const [verdict] = await db.$queryRaw<{ ok: boolean; wait: number }[]>`
    WITH cur AS (
      SELECT key, rate, LEAST(capacity, tokens + GREATEST(0, extract(epoch FROM clock_timestamp() - "updatedAt")) * rate) AS avail
        FROM "StripeApiBudget" WHERE key = ANY(${keys}::text[]) ORDER BY key FOR UPDATE
    ), verdict AS (
      SELECT coalesce(bool_and(avail >= 1), true) AS ok, coalesce(max(CASE WHEN avail < 1 THEN (1 - avail) / rate ELSE 0 END), 0) AS wait FROM cur
    ), taken AS (
      UPDATE "StripeApiBudget" b SET tokens = cur.avail - 1, "updatedAt" = clock_timestamp(), granted = b.granted + 1
        FROM cur, verdict WHERE b.key = cur.key AND verdict.ok
      RETURNING b.key
    )
    SELECT verdict.ok, (verdict.wait * 1000)::float8 AS wait FROM verdict, (SELECT count(*) FROM taken) t`;
  return verdict!.ok ? 0 : Math.max(1, Math.ceil(verdict!.wait));
}

/** Waits until the request may go (jittered, so waiting processes do not wake in step). */
export async function acquireStripeBudget(
  db: Db,
  request: { account: string; endpoint: string; priority: StripePriority; budget: StripeBudget },
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ waitedMs: number }> {
  const buckets = bucketsFor(request.account, request.endpoint, request.priority, request.budget);
  let waitedMs = 0;
  for (;;) {
    // rows are locked in key order, but a deadlock report is still possible in theory: try again
    const wait = await tryTakeTokens(db, buckets).catch((e: unknown) => {
      if (/40P01|deadlock/.test(String((e as { message?: string })?.message ?? e))) return 5;
      throw e;
    });
    if (wait === 0) return { waitedMs };
    const ms = wait + Math.floor(Math.random() * Math.min(50, wait));
    waitedMs += ms;
    await sleep(ms);
  }
}

/** Reset the in-process memo of created buckets (tests that truncate the table). */
export function forgetBudgetBuckets(): void {
  ensured.clear();
}
