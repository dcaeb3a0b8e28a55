// Chaos: ~5,000 events from a generated scenario, delivered with duplicates, in shuffled order,
// 5 % dropped for good, 5 % of API calls failing (429/500), while worker processes are killed
// with SIGKILL and restarted; the processors decide per event whether to apply the delivered
// snapshot or fetch the object (processor/refetch-decision.ts). After a resync, reconciliation
// must find zero differences and no event may have been applied twice.
import { spawn, type ChildProcess } from "node:child_process";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { generateScenario } from "@/stripe-emulator/scenario";
import { runResync } from "../resync/run-resync";
import { runReconciliation } from "../reconciliation/run-reconciliation";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";

const INVOICES = Number(process.env.CHAOS_INVOICES ?? 310);
// `npm run worker` compiled once: starting tsx for every restart costs seconds of CPU on this
// 2-core machine, which would turn the test into a benchmark of the TypeScript compiler.
const WORKER_BUNDLE = "node_modules/.cache/settle-sync/worker.mjs";
let world: SyncWorld;
const workers = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  // node itself (not a wrapper) so SIGKILL hits the worker and leaves no orphan behind.
  const child = spawn(process.execPath, ["--conditions=react-server", WORKER_BUNDLE], {
    // The refetch decision on (the default, named so this test keeps proving it).
    env: {
      ...process.env,
      STRIPE_API_BASE: world.emu.url,
      SETTLE_SYNC_REFETCH: "decide",
      LOG_LEVEL: "silent",
      WORKER_LOCK_SECONDS: "3",
      WORKER_BATCH_SIZE: "25",
      DB_POOL_MAX: "8",
    },
    stdio: "ignore",
  });
  workers.add(child);
  child.on("exit", () => workers.delete(child));
  return child;
}

const t0 = Date.now();
const trace = (msg: string) => {
  if (process.env.CHAOS_DEBUG) console.log(`[chaos ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function backlog(): Promise<number> {
  const db = await getDb();
  return db.stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } });
}

async function waitForEmptyBacklog(timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await backlog()) === 0) return;
    await sleep(250);
  }
  throw new Error(`backlog not drained: ${await backlog()} left`);
}

beforeAll(async () => {
  await build({
    entryPoints: ["scripts/worker.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    conditions: ["react-server"],
    outfile: WORKER_BUNDLE,
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  await resetSyncTables();
  const db = await getDb();
  // Test-only witness: one row per committed transition to PROCESSED (same transaction as the
  // projection writes, so a rolled-back attempt leaves no row).
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS chaos_applied (event_id text NOT NULL)`);
  await db.$executeRawUnsafe(`TRUNCATE chaos_applied`);
  await db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION chaos_log() RETURNS trigger AS $$ BEGIN INSERT INTO chaos_applied VALUES (NEW.id); RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS chaos_applied_t ON "StripeEvent"`);
  await db.$executeRawUnsafe(`CREATE TRIGGER chaos_applied_t AFTER UPDATE ON "StripeEvent" FOR EACH ROW
    WHEN (NEW.status = 'PROCESSED' AND OLD.status <> 'PROCESSED') EXECUTE FUNCTION chaos_log()`);
  world = await startWorld({ seed: 42, retryBaseMs: 20 });
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  const db = await getDb();
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS chaos_applied_t ON "StripeEvent"`);
  await world.close();
  await closeDb();
});

describe("chaos", () => {
  it("duplicates, shuffling, drops, API errors and SIGKILLed workers: zero differences after resync, nothing applied twice", async () => {
    const em = world.emu.emulator;
    em.webhooks.setFaults({ duplicateRate: 0.1, shuffle: true, dropRate: 0.05, rate429: 0.02, rate500: 0.03 });
    startWorker();
    startWorker();
    const manifest = generateScenario(em, { seed: 42, invoices: INVOICES, deliverWebhooks: true });
    const totalEvents = em.store.c.events.size;
    expect(totalEvents).toBeGreaterThan(INVOICES * 11);
    expect(manifest.invoices).toBe(INVOICES);

    // Every ~4 s: start a replacement, then SIGKILL the oldest worker (two or three alive).
    let kills = 0;
    const delivered = em.webhooks.flush().then(() => "done" as const);
    for (let round = 0; round < 8; round++) {
      startWorker();
      await Promise.race([delivered, sleep(4000)]);
      const victim = [...workers][0];
      if (victim) {
        victim.kill("SIGKILL");
        kills++;
      }
      while (workers.size < 2) startWorker();
      trace(`round ${round}: backlog ${await backlog()}, inbox ${await (await getDb()).stripeEvent.count()}`);
    }
    await delivered;
    trace(`delivered; backlog ${await backlog()}`);
    expect(kills).toBeGreaterThanOrEqual(5);
    await waitForEmptyBacklog(300_000);
    trace(`drained; ${em.limiter.counts.allowed} API requests for ${totalEvents} events`);

    // Resync (resumable: retried from its cursor if 5 % API errors beat the SDK's retries).
    for (let i = 0; ; i++) {
      try {
        await runResync(await getDb());
        break;
      } catch (e) {
        if (i >= 5) throw e;
      }
    }
    trace(`resync queued; backlog ${await backlog()}`);
    await waitForEmptyBacklog(300_000);
    trace("resync drained");
    em.webhooks.setFaults({ rate429: 0, rate500: 0 });
    const db = await getDb();
    const rec = await runReconciliation(await getDb());
    expect(rec.checked).toBeGreaterThan(INVOICES);
    expect(rec.differences).toEqual([]);
    const failed = await db.stripeEvent.count({ where: { status: "FAILED" } });
    expect(failed).toBe(0);
    const twice = await db.$queryRawUnsafe<{ event_id: string; n: number }[]>(
      `SELECT event_id, count(*)::int AS n FROM chaos_applied GROUP BY event_id HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    const [{ n: applied }] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM chaos_applied`);
    expect(applied).toBe(await db.stripeEvent.count({ where: { status: "PROCESSED" } }));
    const webhookRows = await db.stripeEvent.count({ where: { source: "webhook" } });
    // Dropped deliveries never reached the inbox; duplicates did not add rows.
    expect(webhookRows).toBeLessThan(totalEvents);
    expect(webhookRows).toBeGreaterThan(totalEvents * 0.85);
  }, 900_000);
});
