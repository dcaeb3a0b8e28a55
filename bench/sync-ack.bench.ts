// Webhook acknowledgement: events/s and latency p50/p99 at 1, 10 and 50 concurrent senders,
// plus a paced run at 200 events/s, against the route handler on a real HTTP server in its
// own process. Targets: ≥ 1,000 ev/s acknowledged; p99 ≤ 50 ms at 200 ev/s.
// Usage: npx tsx --conditions=react-server bench/sync-ack.bench.ts [--events 3000] [--next DIR [--worker] | --intake] [--sender fetch|http]
//   --next DIR   run the real route in `next start` from DIR (a tree built with `next build`)
//                instead of the route handler behind a plain node:http server.
//   --worker     with --next: the default deployment, the in-process worker ON (SETTLE_IN_PROCESS_WORKER=1),
//                the emulator started here (limits off) and a generated scenario's recorded events posted,
//                signed, in Stripe's order, so the worker really projects (refetching from the emulator)
//                while acknowledgements are measured. Reports what the worker projected during each run,
//                then waits for the inbox to drain and checks every event ended up handled (0 failed) and
//                the projection equals the emulator's state (reconciliation).
//   --cpu-prof DIR  with --next: a V8 CPU profile of the server process(es), written to DIR on exit.
//   --sender     fetch (undici, as before) or http (node:http keep-alive agent, cheaper per request).
// Every run also reports the server's CPU (the `next start` process group, or the harness process,
// from /proc): ms of CPU per acknowledged event, load-insensitive unlike the rates.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import { build } from "esbuild";
import Stripe from "stripe";
import { createBenchDatabase, percentile } from "./sync-bench-db";

const arg = (name: string, d: number) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d);
const EVENTS = arg("events", 3000);
const SECRET = "whsec_" + "bench_secret";
const signer = new Stripe("sk_test_bench");

const NEXT_DIR = process.argv.includes("--next") ? process.argv[process.argv.indexOf("--next") + 1] : null;
// --intake: the dedicated intake server (scripts/webhook-intake.ts) instead of the route harness.
const INTAKE = process.argv.includes("--intake");
const SENDER = process.argv.includes("--sender") ? process.argv[process.argv.indexOf("--sender") + 1] : "http";
const WORKER = process.argv.includes("--worker");
if (WORKER && !NEXT_DIR) throw new Error("--worker needs --next DIR (the default deployment is `next start`)");
const SK = "sk_test_" + "bench_ack";
const PACED_RATE = 200;
const PACED_SECONDS = 10;

/** utime + stime (seconds) of every live process in process group `pgid`, from /proc (Linux). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid || Number(entry) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

const db = await createBenchDatabase();
const serverEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, STRIPE_WEBHOOK_SECRET: SECRET, LOG_LEVEL: "silent", DB_POOL_MAX: "20" };

// --worker: Stripe's stand-in in this process, and the recorded stream of a generated scenario.
let emu: Awaited<ReturnType<typeof import("@/stripe-emulator").startEmulator>> | null = null;
let stream: string[] = [];
if (WORKER) {
  const { startEmulator } = await import("@/stripe-emulator");
  const { generateScenario } = await import("@/stripe-emulator/scenario");
  emu = await startEmulator({ port: 0, seed: 5 }); // no rate limits (the default), as sync-e2e
  const needed = 200 + Math.min(EVENTS, 1000) + 2 * EVENTS + PACED_RATE * PACED_SECONDS;
  // ~12 events per invoice (creation, finalisation, items, payment, …).
  generateScenario(emu.emulator, { seed: 5, invoices: Math.ceil(needed / 11) });
  stream = [...emu.emulator.store.c.events.items.values()]
    .map((e) => emu!.emulator.renderEvent(e) as { created: number })
    .sort((a, b) => a.created - b.created)
    .map((e) => JSON.stringify(e));
  if (stream.length < needed) throw new Error(`scenario has ${stream.length} events, ${needed} needed`);
  Object.assign(serverEnv, {
    STRIPE_API_BASE: emu.url,
    STRIPE_SECRET_KEY: SK,
    SETTLE_IN_PROCESS_WORKER: "1",
    // The scheduled sweeps stay out of the measurement (the per-sync re-audit stays on).
    SETTLE_AUDIT_EVERY_MINUTES: "0",
    SETTLE_PRUNE_INBOX_EVERY_HOURS: "0",
  });
  // This process's Settle modules (reconciliation at the end) read the same settings.
  Object.assign(process.env, { STRIPE_API_BASE: emu.url, STRIPE_SECRET_KEY: SK, STRIPE_WEBHOOK_SECRET: SECRET, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
}
let server: ReturnType<typeof spawn>;
let port: number;
if (NEXT_DIR) {
  port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  // --cpu-prof DIR: a V8 CPU profile of the server, written to DIR when it exits (where its CPU per request goes).
  const profile = process.argv.includes("--cpu-prof") ? ["--cpu-prof", "--cpu-prof-dir", process.argv[process.argv.indexOf("--cpu-prof") + 1]!] : [];
  server = spawn(process.execPath, [...profile, "node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: NEXT_DIR,
    env: {
      ...serverEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SETTLE_IN_PROCESS_WORKER: WORKER ? "1" : "0",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-use",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  await new Promise<void>((resolve) =>
    server.stdout!.on("data", (d: Buffer) => {
      if (/Ready|started server/i.test(d.toString())) resolve();
    }),
  );
} else {
  await build({
    entryPoints: [INTAKE ? "scripts/webhook-intake.ts" : "bench/sync-ack-server.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    conditions: ["react-server"],
    outfile: "node_modules/.cache/settle-sync/ack-server.mjs",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  server = spawn(process.execPath, ["--conditions=react-server", "node_modules/.cache/settle-sync/ack-server.mjs"], {
    env: { ...serverEnv, INTAKE_PORT: "0", INTAKE_HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  port = await new Promise<number>((resolve) =>
    server.stdout!.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    }),
  );
}
const url = `http://127.0.0.1:${port}/api/stripe/webhook`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(body: string, header: string): Promise<number> {
  if (SENDER === "fetch") {
    return fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "stripe-signature": header } }).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "stripe-signature": header } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let seq = 0;
function signedEvent() {
  seq++;
  const body = WORKER
    ? stream[seq - 1]!
    : JSON.stringify({
        id: `evt_bench_${process.pid}_${seq}`,
        object: "event",
        type: "invoice.updated",
        api_version: "2026-10-28.endive",
        livemode: false,
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: `in_bench_${seq % 500}`, object: "invoice", status: "open", amount_due: 1000, lines: { data: [], has_more: false } } },
      });
  return { body, header: signer.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) };
}

async function send(): Promise<number> {
  const { body, header } = signedEvent(); // signing is the sender's cost, outside the timing
  const t = performance.now();
  const status = await post(body, header);
  if (status !== 200) throw new Error(`status ${status}`);
  return performance.now() - t;
}

const pgc = new (await import("pg")).default.Client({ connectionString: db.url });
await pgc.connect();
/** Events the worker has finished with (projected, settled by a sibling's refetch, or ignored). */
const handled = async () => Number((await pgc.query(`SELECT count(*) AS n FROM "StripeEvent" WHERE status NOT IN ('PENDING', 'PROCESSING')`)).rows[0].n);

/** Server CPU and the worker's progress around one run. */
async function measured<T extends { events: number }>(run: () => Promise<T>) {
  const cpu0 = groupCpuSeconds(server.pid!);
  const handled0 = WORKER ? await handled() : 0;
  const t0 = performance.now();
  const r = await run();
  const s = (performance.now() - t0) / 1000;
  const cpu = groupCpuSeconds(server.pid!) - cpu0;
  const extra: Record<string, number> = { serverCpuMsPerEvent: +((cpu * 1000) / r.events).toFixed(2), serverCpuCores: +(cpu / s).toFixed(2) };
  if (WORKER) {
    const projected = (await handled()) - handled0;
    Object.assign(extra, { workerHandled: projected, workerHandledPerSecond: Math.round(projected / s), backlogAfter: seq - (await handled()) });
  }
  return { ...r, ...extra };
}

async function closedLoop(concurrency: number, total: number) {
  const lat: number[] = [];
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) lat.push(await send());
    }),
  );
  const s = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { concurrency, events: total, eventsPerSecond: Math.round(total / s), p50: +percentile(lat, 50).toFixed(1), p99: +percentile(lat, 99).toFixed(1) };
}

async function paced(rate: number, seconds: number) {
  const lat: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      send().then((ms) => {
        lat.push(ms);
      }),
    );
  }
  await Promise.all(pending);
  lat.sort((a, b) => a - b);
  return { rate, events: lat.length, p50: +percentile(lat, 50).toFixed(1), p99: +percentile(lat, 99).toFixed(1) };
}

try {
  await closedLoop(10, 200); // warm-up (JIT, pool)
  const results = [];
  for (const c of [1, 10, 50]) results.push(await measured(() => closedLoop(c, c === 1 ? Math.min(EVENTS, 1000) : EVENTS)));
  const pacedResult = await measured(() => paced(PACED_RATE, PACED_SECONDS));
  // Every acknowledged event must be in the inbox (a 200 means "committed").
  const stored = Number((await pgc.query(`SELECT count(*) AS n FROM "StripeEvent"`)).rows[0].n);
  if (stored !== seq) throw new Error(`${seq} events acknowledged but ${stored} stored`);
  let drain: Record<string, unknown> | undefined;
  if (WORKER) {
    // The rest of the scenario's stream, unmeasured, so the projection can be compared with the
    // emulator's whole state below.
    const rest = stream.length - seq;
    await closedLoop(10, rest);
    const storedAll = Number((await pgc.query(`SELECT count(*) AS n FROM "StripeEvent"`)).rows[0].n);
    if (storedAll !== seq) throw new Error(`${seq} events acknowledged but ${storedAll} stored`);
    // Everything acknowledged must end up handled: wait for the worker to drain the inbox.
    const backlog = seq - (await handled());
    const cpu0 = groupCpuSeconds(server.pid!);
    const t0 = performance.now();
    for (;;) {
      const left = Number((await pgc.query(`SELECT count(*) AS n FROM "StripeEvent" WHERE status IN ('PENDING', 'PROCESSING')`)).rows[0].n);
      if (left === 0) break;
      if (performance.now() - t0 > 900_000) throw new Error(`${left} events still pending after 15 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = groupCpuSeconds(server.pid!) - cpu0;
    const statuses = Object.fromEntries(
      (await pgc.query(`SELECT status::text AS s, count(*)::int AS n FROM "StripeEvent" GROUP BY 1 ORDER BY 1`)).rows.map((r) => [r.s, r.n]),
    );
    const { getDb, closeDb } = await import("@/lib/db");
    const { runReconciliation } = await import("@/features/stripe-sync/reconciliation/run-reconciliation");
    const rec = await runReconciliation(await getDb());
    await closeDb();
    drain = {
      restOfStreamPosted: rest,
      backlogAtEnd: backlog,
      drainSeconds: +seconds.toFixed(1),
      drainEventsPerSecond: seconds > 0 ? Math.round(backlog / seconds) : null,
      drainServerCpuMsPerEvent: backlog > 0 ? +((cpu * 1000) / backlog).toFixed(2) : null,
      statuses,
      reconciliationDifferences: rec.differences.length,
    };
    if (statuses.FAILED) throw new Error(`${statuses.FAILED} events failed: ${JSON.stringify(drain)}`);
  }
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        server: NEXT_DIR
          ? `next start (webhook ${process.env.SETTLE_WEBHOOK_FAST_PATH === "0" ? "through Next's route" : "fast path"}), in-process worker ${WORKER ? "ON (emulator scenario stream)" : "off (fake events)"}`
          : INTAKE
            ? "dedicated intake (scripts/webhook-intake.ts)"
            : "node:http + route handler",
        sender: SENDER,
        results,
        paced: pacedResult,
        ...(drain ? { drain } : {}),
      },
      null,
      1,
    ),
  );
} finally {
  if (NEXT_DIR && server.pid) {
    // npx → sh → next-server: signal the whole process group, then make sure it is gone.
    const group = -server.pid;
    try {
      process.kill(group, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 1500));
    try {
      process.kill(group, "SIGKILL");
    } catch {
      /* already gone */
    }
  } else server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await pgc.end();
  await emu?.close();
  await db.drop();
}
