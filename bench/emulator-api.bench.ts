// Stripe emulator API throughput over HTTP on loopback: retrieve and list, with the official
// SDK's wire format (keep-alive, Bearer auth). Bounded: N requests per phase, C concurrent.
// The emulator runs in its own process (as `npm run stripe:emulator` does), the load generator
// in this one, so the two cores are used like in dev.
// Usage: npx tsx bench/emulator-api.bench.ts [requests=5000] [concurrency=16]
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../stripe-emulator/index";

const N = Number(process.argv[2] ?? 5000);
const C = Number(process.argv[3] ?? 16);

/** Child mode: seed an account, serve it, print the port and the ids to use. */
async function serve(): Promise<void> {
  const run = await startEmulator({ port: 0 });
  const em = run.emulator;
  em.webhooks.enabled = false;
  // a realistic account: 1,000 customers with 5 invoices of 3 lines each
  const invoices: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const c = em.api("POST", "/v1/customers", { email: `b${i}@bench.test` }).body;
    for (let k = 0; k < 5; k++) {
      const inv = em.api("POST", "/v1/invoices", { customer: c.id }).body;
      for (let l = 0; l < 3; l++) em.api("POST", "/v1/invoiceitems", { customer: c.id, invoice: inv.id, amount: 100 + l, currency: "usd" });
      em.api("POST", `/v1/invoices/${inv.id}/finalize`);
      invoices.push(inv.id);
    }
  }
  const customers = em.store.c.customers.toJSON().map((c) => c.id);
  process.stdout.write(JSON.stringify({ port: run.port, invoices, customers }) + "\n");
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "pipe", "inherit"] });
  const info: { port: number; invoices: string[]; customers: string[] } = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(JSON.parse(buf.slice(0, buf.indexOf("\n"))));
    });
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)));
  });
  const { invoices, customers } = info;
  const run = { port: info.port };
  const agent = new http.Agent({ keepAlive: true, maxSockets: C });
  const get = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: run.port, path, agent, headers: { Authorization: "Bearer sk_test_bench", "Stripe-Version": "2026-10-28.endive" } },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} for ${path}`));
          res.resume();
          res.on("end", () => resolve());
        },
      );
      req.on("error", reject);
      req.end();
    });

  async function phase(name: string, pathFor: (i: number) => string): Promise<number> {
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < N) await get(pathFor(next++));
      }),
    );
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const rps = Math.round(N / secs);
    console.log(`${name.padEnd(44)} ${String(rps).padStart(7)} req/s  (${N} requests, concurrency ${C}, ${secs.toFixed(2)} s)`);
    return rps;
  }

  await phase("warm-up", (i) => `/v1/invoices/${invoices[i % invoices.length]}`);
  await phase("retrieve invoice GET /v1/invoices/:id", (i) => `/v1/invoices/${invoices[(i * 7919) % invoices.length]}`);
  await phase("retrieve customer GET /v1/customers/:id", (i) => `/v1/customers/${customers[(i * 31) % customers.length]}`);
  await phase("list GET /v1/invoices?limit=10", () => `/v1/invoices?limit=10`);
  await phase("list GET /v1/invoices?customer=…&limit=10", (i) => `/v1/invoices?limit=10&customer=${customers[(i * 31) % customers.length]}`);
  await phase("list GET /v1/customers?limit=10", () => `/v1/customers?limit=10`);
  await phase("list GET /v1/customers?limit=100", () => `/v1/customers?limit=100`);
  agent.destroy();
  child.kill("SIGTERM");
}

(process.argv.includes("--serve") ? serve() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
