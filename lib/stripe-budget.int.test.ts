// One Stripe API budget per account, shared through Postgres by every process: several clients
// (standing in for web processes, workers and the CLI) together never exceed it, so Stripe's own
// limiter (the emulator's, set just above the budget) refuses nothing; and people's requests
// pass while event projection waits for its share.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe, stripeBudgetFor } from "@/lib/stripe";
import { metrics } from "@/lib/metrics/registry";
import { LIVE_BUDGET, SANDBOX_BUDGET, forgetBudgetBuckets, tryTakeTokens, withStripePriority, type StripeBudget } from "@/lib/stripe-budget";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";

let emu: RunningEmulator;
// A made-up live-mode key, assembled so that secret scanners do not take it for a real one.
const fakeKey = (kind: "sk" | "rk") => [kind, "live", "budget", "test"].join("_");
const BUDGET: StripeBudget = { globalPerSecond: 10, endpointPerSecond: 10, sync: 4, bulk: 2, background: 6 };
const processes = () =>
  [1, 2, 3].map(() => createStripe({ secretKey: "sk_test_budget", apiBase: emu.url, maxNetworkRetries: 0, budget: { db: getDb, limits: BUDGET } }));

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 51 });
});
beforeEach(async () => {
  await (await getDb()).$executeRawUnsafe(`TRUNCATE "StripeApiBudget"`);
  forgetBudgetBuckets();
  emu.emulator.limiter.configure({ globalPerSecond: 0, endpointPerSecond: 0, concurrency: 0 });
});
afterAll(async () => {
  await emu.close();
  await closeDb();
});

describe("the shared Stripe API budget", () => {
  it("is off against the emulator unless asked for, and follows the key's mode against Stripe", () => {
    expect(stripeBudgetFor("auto", "sk_test_x", "http://127.0.0.1:12111")).toBeNull();
    expect(stripeBudgetFor("auto", fakeKey("sk"), undefined)).toBe(LIVE_BUDGET);
    expect(stripeBudgetFor("auto", fakeKey("rk"), undefined)).toBe(LIVE_BUDGET);
    expect(stripeBudgetFor("auto", "sk_test_x", undefined)).toBe(SANDBOX_BUDGET);
    expect(stripeBudgetFor("live", "sk_test_x", "http://127.0.0.1:12111")).toBe(LIVE_BUDGET);
    expect(stripeBudgetFor("off", fakeKey("sk"), undefined)).toBeNull();
    // below Stripe's documented 100/s per account and 25/s per endpoint (25/s in a sandbox)
    expect(LIVE_BUDGET.globalPerSecond).toBeLessThan(100);
    expect(LIVE_BUDGET.endpointPerSecond).toBeLessThan(25);
    expect(SANDBOX_BUDGET.globalPerSecond).toBeLessThan(25);
    // background work as a whole leaves people a reserve of the account's rate
    for (const b of [LIVE_BUDGET, SANDBOX_BUDGET]) expect(b.background).toBeLessThan(b.globalPerSecond);
  });

  it("holds three processes together under the account's rate: Stripe's limiter refuses nothing", async () => {
    const db = await getDb();
    const seed = createStripe({ secretKey: "sk_test_budget", apiBase: emu.url, maxNetworkRetries: 0 });
    const customer = await seed.customers.create({ email: "budget@example.com" });
    // Every grant of the account's bucket, at the budget's own time (the row's updatedAt, set in the
    // statement that takes the token), so the budget's promise is checked where it is kept.
    await db.$executeRawUnsafe(`CREATE TABLE budget_grant_log (at timestamptz NOT NULL)`);
    await db.$executeRawUnsafe(`CREATE FUNCTION budget_grant_logged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO budget_grant_log SELECT NEW."updatedAt" FROM generate_series(1, (NEW.granted - OLD.granted)::int); RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER budget_grant_logged AFTER UPDATE ON "StripeApiBudget" FOR EACH ROW
      WHEN (NEW.key LIKE '%:global' AND NEW.granted > OLD.granted) EXECUTE FUNCTION budget_grant_logged()`);
    try {
      // Stripe's limiter above Settle's budget by what delivery may add: a request reaches it some
      // time after its token was granted, and that delay varies (on a machine at load 20, by more
      // than the 0.2 s that a limiter at 12/s would absorb: ten early grants delivered late
      // arrive together with the next ones). At 20/s, 1 s of such jitter passes; three processes
      // each with their own budget (30 at once) or none (36 at once) are still refused.
      emu.emulator.limiter.configure({ globalPerSecond: 20, endpointPerSecond: 20, concurrency: 0 });
      const clients = processes();
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 36 }, (_, i) => clients[i % 3]!.customers.retrieve(customer.id)));
      const elapsed = performance.now() - started;
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(emu.emulator.limiter.counts.limited).toEqual({ "global-rate": 0, "endpoint-rate": 0, "global-concurrency": 0 });
      expect(emu.emulator.limiter.counts.allowed).toBe(36);
      // 10 at once, then 10 per second: the last of 36 goes after about 2.6 s
      expect(elapsed).toBeGreaterThan(2_300);
      const rows = await db.stripeApiBudget.findMany();
      expect(rows.find((r) => r.key.endsWith(":global"))!.granted).toBe(36n);
      expect(rows.every((r) => !r.key.includes("sk_test"))).toBe(true); // the key is hashed, never stored
      // The three processes together, at the budget's clock: no span of time had more grants than
      // a bucket of 10 refilled at 10/s allows (10 + 10/s × the span), whatever the load did to delivery.
      const grants = (await db.$queryRawUnsafe<{ s: number }[]>(`SELECT extract(epoch FROM at)::float8 AS s FROM budget_grant_log ORDER BY at`)).map(
        (r) => r.s,
      );
      expect(grants).toHaveLength(36);
      let worst = -Infinity;
      for (let i = 0; i < grants.length; i++)
        for (let j = i; j < grants.length; j++)
          worst = Math.max(worst, j - i + 1 - (BUDGET.globalPerSecond + BUDGET.globalPerSecond * (grants[j]! - grants[i]!)));
      expect(worst).toBeLessThanOrEqual(0.01);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER budget_grant_logged ON "StripeApiBudget"`);
      await db.$executeRawUnsafe(`DROP FUNCTION budget_grant_logged()`);
      await db.$executeRawUnsafe(`DROP TABLE budget_grant_log`);
    }
  });

  it("lets people through while event projection waits for its share", async () => {
    const seed = createStripe({ secretKey: "sk_test_budget", apiBase: emu.url, maxNetworkRetries: 0 });
    const customer = await seed.customers.create({ email: "priority@example.com" });
    const [worker, web] = processes();
    const syncStarted = performance.now();
    const sync = withStripePriority("sync", () => Promise.all(Array.from({ length: 12 }, () => worker!.customers.retrieve(customer.id))));
    await new Promise((r) => setTimeout(r, 300));
    const personStarted = performance.now();
    await web!.invoices.list({ customer: customer.id, limit: 3 }); // a person's page or preview (default priority)
    const personMs = performance.now() - personStarted;
    await sync;
    const syncMs = performance.now() - syncStarted;
    // the sync share is 4/s: 12 requests need about 2 s; the person's request did not queue behind them
    expect(syncMs).toBeGreaterThan(1_700);
    expect(personMs).toBeLessThan(800);
  });

  it("keeps people's share when projection and bulk jobs together want more than the account's rate", async () => {
    // As in the live figures (sync 60 + bulk 30 > 80), the two classes' caps add up to more than
    // the account's rate; background work as a whole must still leave people their reserve.
    const CROWDED: StripeBudget = { globalPerSecond: 10, endpointPerSecond: 10, sync: 8, bulk: 6, background: 7 };
    const seed = createStripe({ secretKey: "sk_test_budget", apiBase: emu.url, maxNetworkRetries: 0 });
    const customer = await seed.customers.create({ email: "crowded@example.com" });
    const clients = [1, 2, 3].map(() =>
      createStripe({ secretKey: "sk_test_budget", apiBase: emu.url, maxNetworkRetries: 0, budget: { db: getDb, limits: CROWDED } }),
    );
    let busy = true;
    // workers that always have another request to make, as during a month-end burst and a resync
    const keepBusy = (priority: "sync" | "bulk", client: (typeof clients)[number]) =>
      withStripePriority(priority, async () => {
        let n = 0;
        while (busy) {
          await client.customers.retrieve(customer.id);
          n++;
        }
        return n;
      });
    const background = [...Array.from({ length: 6 }, () => keepBusy("sync", clients[0]!)), ...Array.from({ length: 6 }, () => keepBusy("bulk", clients[1]!))];
    await new Promise((r) => setTimeout(r, 1_500)); // the account's bucket is drained by now
    const waited0 = Object.fromEntries((await metrics().stripeBudgetWaited.get()).values.map((v) => [v.labels.priority, v.value]));
    for (let i = 0; i < 6; i++) {
      await clients[2]!.invoices.list({ customer: customer.id, limit: 3 });
      await new Promise((r) => setTimeout(r, 150));
    }
    busy = false;
    const done = await Promise.all(background);
    expect(done.every((n) => n > 0)).toBe(true);
    const waited = Object.fromEntries(
      (await metrics().stripeBudgetWaited.get()).values.map((v) => [v.labels.priority, v.value - (waited0[v.labels.priority as string] ?? 0)]),
    );
    // the workers were held back by their caps, and no person's request waited for a token
    // (before background work had one cap together, every one of them did: 1.8 s for one call)
    expect(waited.sync).toBeGreaterThan(0);
    expect(waited.bulk).toBeGreaterThan(0);
    expect(waited.people ?? 0).toBe(0);
    const rows = await (await getDb()).stripeApiBudget.findMany();
    const granted = (suffix: string) => Number(rows.find((r) => r.key.endsWith(suffix))?.granted ?? 0n);
    // background work kept below its cap: sync and bulk together never took the whole account
    expect(granted(":sync") + granted(":bulk")).toBe(granted(":background"));
  });

  it("answers a request that must wait without taking any row lock, so waiting workers never queue ahead of people", async () => {
    const db = await getDb();
    const buckets = [
      { key: "lockfree:global", perSecond: 10 },
      { key: "lockfree:sync", perSecond: 1 },
    ];
    expect(await tryTakeTokens(db, buckets)).toBe(0); // the class's one token is gone
    // another process holds the account's row (taking its token) while a throttled worker asks
    const answer = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT key FROM "StripeApiBudget" WHERE key = 'lockfree:global' FOR UPDATE`;
      return Promise.race([tryTakeTokens(db, buckets), new Promise<string>((r) => setTimeout(() => r("blocked"), 3_000))]);
    });
    expect(answer).toBeGreaterThan(0);
    expect(answer).toBeLessThanOrEqual(1_000);
  });
});
