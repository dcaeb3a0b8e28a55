// Scale-out: K `next start` web processes behind a round-robin HTTP proxy and W `npm run worker`
// processes on one Postgres database, fed the emulator's month-end stream (N renewals of customers
// Settle already holds) as signed webhooks pointed at the proxy, through the emulator's own sender
// (its concurrency, its retries). The web processes only acknowledge (SETTLE_IN_PROCESS_WORKER=0);
// the workers project, each drawing on Settle's one API budget per Stripe account in Postgres.
// Checks, per configuration: every emitted event stored once and applied once (no inbox row
// claimed twice: attempts ≤ 1), 0 failed events, the projection equal to Stripe's state
// (reconciliation: 0 differences). Reports acknowledgement and end-to-end events/s, API calls per
// event, CPU per process kind, database connections and bytes per event, and throughput per added
// process across configurations.
//
// Builds nothing: run `npx next build` first (the web processes serve that build).
// Usage: npm run bench:scale-out -- [--invoices 200] [--configs 1x1,1x2,3x1,3x2] [--window-seconds 600]
//          [--rate-limits live|off] [--pool 3]
//   --configs   KxW pairs: K web processes, W workers; each runs on its own throwaway database.
//   --rate-limits  the emulator's limiter and Settle's budget with Stripe's live figures (default) or off.
//   --pool      DB_POOL_MAX of every process (Prisma's pool; the intake and audit pools add 5 + 4).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabase } from "./sync-bench-db";

const argv = process.argv.slice(2);
const arg = (name: string, d: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : d);
const INVOICES = Number(arg("invoices", "200"));
const WINDOW = Number(arg("window-seconds", "600"));
const LIMITS = arg("rate-limits", "live") === "off" ? "off" : "live";
const POOL = arg("pool", "3");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);

interface ConfigResult {
  web: number;
  workers: number;
  eventsEmitted: number;
  eventsStored: number;
  ackSeconds: number;
  ackEventsPerSecond: number;
  endToEndSeconds: number;
  endToEndEventsPerSecond: number;
  [k: string]: unknown;
}

if (!argv.includes("--one")) {
  // The parent: one child per configuration (each its own database, emulator and processes), so
  // no configuration inherits another's caches or connections; then the comparison.
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.error("bench:scale-out serves the production build: run `npx next build` first.");
    process.exit(1);
  }
  const configs = arg("configs", "1x1,1x2,3x1,3x2")
    .split(",")
    .map((c) => c.split("x").map(Number) as [number, number]);
  const results: ConfigResult[] = [];
  for (const [k, w] of configs) {
    const loadBefore = os.loadavg()[0].toFixed(1);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", SELF, ...argv, "--one", `${k}x${w}`], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let text = "";
      child.stdout.on("data", (d: Buffer) => (text += d.toString()));
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`configuration ${k}x${w} exited with ${code}`))));
    });
    const r = JSON.parse(out.slice(out.indexOf("{"))) as ConfigResult;
    console.error(`${k}x${w}: ${JSON.stringify(r)}`);
    results.push({ ...r, loadBefore });
  }
  const base = results.find((r) => r.web === 1 && r.workers === 1) ?? results[0]!;
  const comparison = results.map((r) => {
    const added = r.web + r.workers - (base.web + base.workers);
    return {
      config: `${r.web} web × ${r.workers} workers`,
      ackEventsPerSecond: r.ackEventsPerSecond,
      endToEndEventsPerSecond: r.endToEndEventsPerSecond,
      endToEndPerAddedProcess: added > 0 ? Math.round((r.endToEndEventsPerSecond - base.endToEndEventsPerSecond) / added) : null,
      ackPerAddedProcess: added > 0 ? Math.round((r.ackEventsPerSecond - base.ackEventsPerSecond) / added) : null,
    };
  });
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        invoices: INVOICES,
        rateLimits: LIMITS,
        comparison,
        results,
      },
      null,
      1,
    ),
  );
  process.exit(0);
}

// ---- one configuration ----
const [WEB, WORKERS] = arg("one", "1x1").split("x").map(Number) as [number, number];
const SECRET = "whsec_" + "bench_scale_out";
const SK = "sk_test_" + "bench_scale_out";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process in seconds (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A round-robin reverse proxy: each request goes to the next upstream, body streamed through. */
function startProxy(): Promise<{ url: string; upstreams: string[]; counts: number[]; close: () => Promise<void> }> {
  const upstreams: string[] = [];
  const counts: number[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % upstreams.length;
    counts[i] = (counts[i] ?? 0) + 1;
    const target = new URL(req.url ?? "/", upstreams[i]);
    const up = http.request(target, { method: req.method, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        upstreams,
        counts,
        close: () =>
          new Promise<void>((r) => {
            agent.destroy();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    }),
  );
}

const bench = await createBenchDatabase();
// Settle's modules in this process (customer pre-load, checks, reconciliation) read the same settings.
Object.assign(process.env, { STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: SK, STRIPE_API_BUDGET: LIMITS === "live" ? "live" : "off", DB_POOL_MAX: POOL });
process.env.LOG_LEVEL ??= "warn";
const { startEmulator } = await import("@/stripe-emulator");
const { generateMonthEnd } = await import("@/stripe-emulator/scenario");
const { LIVE_LIMITS, NO_LIMITS } = await import("@/stripe-emulator/src/rate-limits");
const { getDb, closeDb } = await import("@/lib/db");
const { applyObjects } = await import("@/features/stripe-sync/projection/apply-objects");
const { runReconciliation } = await import("@/features/stripe-sync/reconciliation/run-reconciliation");

const proxy = await startProxy();
const emu = await startEmulator({
  port: 0,
  seed: 17,
  webhookUrl: `${proxy.url}/api/stripe/webhook`,
  webhookSecret: SECRET,
  rateLimits: LIMITS === "live" ? LIVE_LIMITS : NO_LIMITS,
  retryBaseMs: 500,
});
process.env.STRIPE_API_BASE = emu.url;
const children: { kind: "web" | "worker"; proc: ChildProcess }[] = [];
const childEnv = {
  ...process.env,
  DATABASE_URL: bench.url,
  STRIPE_API_BASE: emu.url,
  LOG_LEVEL: "warn",
  SETTLE_AUDIT_EVERY_MINUTES: "0",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: "bench-secret-not-for-production-use-scale-out",
};

async function startWeb(): Promise<string> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...childEnv,
      NODE_ENV: "production",
      SETTLE_IN_PROCESS_WORKER: "0",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push({ kind: "web", proc });
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d: Buffer) => {
      if (/Ready|started server/i.test(d.toString())) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`next start exited with ${code}`)));
  });
  // First request compiles nothing (production) but warms the route module.
  await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.arrayBuffer());
  return `http://127.0.0.1:${port}`;
}

function startWorker(): Promise<void> {
  const proc = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...childEnv, NODE_ENV: "production", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push({ kind: "worker", proc });
  return new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d: Buffer) => {
      if (/worker started/.test(d.toString())) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

try {
  const db = await getDb();
  const em = emu.emulator;
  // Recorded, not yet sent: the renewals go out below, once every process is up.
  const manifest = generateMonthEnd(em, { seed: 17, invoices: INVOICES, windowSeconds: WINDOW, deliverWebhooks: false });
  const renewals = [...em.store.c.events.items.values()].filter((e) => e.created >= manifest.window.start);
  // The customers renewing were synced long before month-end: project them first, from the
  // emulator's own objects (no API call), as last month's sync left them.
  const customers = [...em.store.c.customers.items.keys()].map((id) => em.api("GET", `/v1/customers/${id}`).body as Record<string, unknown>);
  for (let i = 0; i < customers.length; i += 50) {
    await db.$transaction((tx) =>
      applyObjects(
        tx,
        customers.slice(i, i + 50).map((object) => ({ kind: "customer" as const, object })),
        null,
      ),
    );
  }
  for (let i = 0; i < WEB; i++) proxy.upstreams.push(await startWeb());
  await Promise.all(Array.from({ length: WORKERS }, () => startWorker()));
  for (const c of children) c.proc.removeAllListeners("exit");
  // Drain the stdout pipes so a chatty child never blocks on a full pipe.
  for (const c of children) c.proc.stdout!.resume();

  const cpu0 = children.map((c) => cpuSeconds(c.proc.pid));
  const before = { allowed: em.limiter.counts.allowed, limited: { ...em.limiter.counts.limited } };
  const t0 = performance.now();
  for (const e of renewals) em.webhooks.enqueue(e, em.webhooks.targetsFor(e.type as string));
  let ackAt = 0;
  const flushed = em.webhooks.flush().then(() => (ackAt = performance.now()));
  let maxPending = 0;
  let peakConnections = 0;
  for (;;) {
    const [{ left, conns }] = await db.$queryRaw<{ left: number; conns: number }[]>`
      SELECT (SELECT count(*)::int FROM "StripeEvent" WHERE status IN ('PENDING', 'PROCESSING')) AS left,
             (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS conns`;
    maxPending = Math.max(maxPending, left);
    peakConnections = Math.max(peakConnections, conns);
    if (ackAt && left === 0) break;
    if ((performance.now() - t0) / 1000 > 1800) throw new Error("not drained within 30 minutes");
    await sleep(250);
  }
  await flushed;
  const e2eAt = performance.now();
  const cpu1 = children.map((c) => cpuSeconds(c.proc.pid));
  const requests = em.limiter.counts.allowed - before.allowed;
  const limited = Object.fromEntries(Object.entries(em.limiter.counts.limited).map(([k, v]) => [k, v - before.limited[k as keyof typeof before.limited]]));
  const inbox = (
    await db.$queryRaw<{ status: string; n: number; twice: number; maxattempts: number }[]>`
      SELECT status::text, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS twice, max(attempts)::int AS maxattempts
        FROM "StripeEvent" GROUP BY 1 ORDER BY 1`
  ).map((r) => ({ ...r }));
  const [sizes] = await db.$queryRaw<{ inbox: bigint; database: bigint; events: number }[]>`
    SELECT pg_total_relation_size('"StripeEvent"') AS inbox, pg_database_size(current_database()) AS database,
           (SELECT count(*)::int FROM "StripeEvent") AS events`;
  const stored = sizes.events;
  const deliveries = em.webhooks.log;
  const rec = await runReconciliation(db);
  const ackSeconds = (ackAt - t0) / 1000;
  const e2eSeconds = (e2eAt - t0) / 1000;
  const cpuOf = (kind: "web" | "worker") => +children.reduce((s, c, i) => s + (c.kind === kind ? cpu1[i]! - cpu0[i]! : 0), 0).toFixed(1);
  const result: ConfigResult = {
    web: WEB,
    workers: WORKERS,
    invoices: INVOICES,
    windowSeconds: WINDOW,
    rateLimits: LIMITS,
    paid: manifest.paid,
    declined: manifest.declined,
    eventsEmitted: renewals.length,
    eventsStored: stored,
    deliveryAttempts: deliveries.length,
    deliveriesRefused: deliveries.filter((l) => !l.ok).length,
    requestsPerWebProcess: proxy.counts,
    ackSeconds: +ackSeconds.toFixed(1),
    ackEventsPerSecond: Math.round(renewals.length / ackSeconds),
    endToEndSeconds: +e2eSeconds.toFixed(1),
    endToEndEventsPerSecond: Math.round(renewals.length / e2eSeconds),
    maxBacklog: maxPending,
    cpuSecondsPer1000Events: {
      web: +((cpuOf("web") / renewals.length) * 1000).toFixed(2),
      workers: +((cpuOf("worker") / renewals.length) * 1000).toFixed(2),
    },
    apiRequests: requests,
    apiRequestsPerEvent: +(requests / renewals.length).toFixed(3),
    refusedByLimiter: limited,
    inbox,
    appliedTwice: inbox.reduce((s, r) => s + r.twice, 0),
    failedEvents: inbox.find((r) => r.status === "FAILED")?.n ?? 0,
    reconciliationDifferences: rec.differences.length,
    peakDatabaseConnections: peakConnections,
    inboxBytesPerEvent: Math.round(Number(sizes.inbox) / stored),
    databaseBytes: Number(sizes.database),
    load1: os.loadavg()[0].toFixed(1),
  };
  if (stored !== renewals.length) throw new Error(`${renewals.length} events emitted, ${stored} stored: ${JSON.stringify(result)}`);
  console.log(JSON.stringify(result));
} finally {
  for (const c of children) c.proc.kill("SIGTERM");
  await sleep(1500);
  for (const c of children) if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
  await emu.close();
  await proxy.close();
  await closeDb();
  await bench.drop();
}
