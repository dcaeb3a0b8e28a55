// Webhook acknowledgement: events/s and latency p50/p99 at 1, 10 and 50 concurrent senders,
// plus a paced run at 200 events/s, against the route handler on a real HTTP server in its
// own process. Targets: ≥ 1,000 ev/s acknowledged; p99 ≤ 50 ms at 200 ev/s.
// Usage: npx tsx --conditions=react-server bench/sync-ack.bench.ts [--events 3000] [--next DIR | --intake] [--sender fetch|http]
//   --next DIR   run the real route in `next start` from DIR (a tree built with `next build`)
//                instead of the route handler behind a plain node:http server.
//   --sender     fetch (undici, as before) or http (node:http keep-alive agent, cheaper per request).
import { spawn } from "node:child_process";
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

const db = await createBenchDatabase();
const serverEnv = { ...process.env, DATABASE_URL: db.url, STRIPE_WEBHOOK_SECRET: SECRET, LOG_LEVEL: "silent", DB_POOL_MAX: "20" };
let server: ReturnType<typeof spawn>;
let port: number;
if (NEXT_DIR) {
  port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: NEXT_DIR,
    env: {
      ...serverEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SETTLE_IN_PROCESS_WORKER: "0",
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
  const body = JSON.stringify({
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
  for (const c of [1, 10, 50]) results.push(await closedLoop(c, c === 1 ? Math.min(EVENTS, 1000) : EVENTS));
  const pacedResult = await paced(200, 10);
  // Every acknowledged event must be in the inbox (a 200 means "committed").
  const pgc = new (await import("pg")).default.Client({ connectionString: db.url });
  await pgc.connect();
  const stored = Number((await pgc.query(`SELECT count(*) AS n FROM "StripeEvent"`)).rows[0].n);
  await pgc.end();
  if (stored !== seq) throw new Error(`${seq} events acknowledged but ${stored} stored`);
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        server: NEXT_DIR ? "next start" : INTAKE ? "dedicated intake (scripts/webhook-intake.ts)" : "node:http + route handler",
        sender: SENDER,
        results,
        paced: pacedResult,
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
  await db.drop();
}
