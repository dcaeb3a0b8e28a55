// Customer portal benchmark (not a test): 1,000,000 invoice lines on Postgres, one customer
// with 5,000 invoices × 20 lines; invoice list (first and deep page) and detail at 20
// concurrent users against a production build (`next start`), p50/p95; the list query's
// EXPLAIN; PDF of a 200-line invoice. Issue 16's pages too: /subscriptions (the projection) and
// /next-bill, which asks Stripe live (invoices.createPreview per subscription): here the local
// emulator, started in this process with a subscriber whose seats changed mid-period (two pending
// proration lines, explained) and a tiered subscription, projected by a resync.
// Run: npx next build && npx tsx --conditions=react-server bench/portal.bench.ts
//
// Three load models, each printed under its own heading:
// - the headline, "20 concurrent users": 20 signed-in users, each sending a request, reading the
//   answer, thinking (exponentially distributed, mean BENCH_THINK_MS, default 1 s: shorter than people
//   take) and sending the next; users start spread over one think period, as people arrive;
// - capacity: page views arriving at a fixed rate (open loop, exponential gaps), rate raised step
//   by step until p95 passes 100 ms: how many page views per second one process serves in target;
// - saturation: 20 requests always in flight, no think time (a closed loop). This measures
//   throughput, not what a user waits: by Little's law p50 ≈ 20 / throughput, and on 2 cores even a
//   page that renders only "hello" through this app's root layout answers at p95 ≈ 100 ms
//   (bench/RESULTS.md, "Portal (session 3)").
// Server CPU per request (user + system time of the `next start` processes, from /proc) is printed
// beside each phase, so rendering cost and queueing on a small machine can be told apart.
//
// Options: --keep leaves the database and prints what a profiling run needs; BENCH_DB=<name>
// reuses such a kept database (skips the seed); BENCH_INSTANCES=n starts n `next start` processes
// on BENCH_PORT+1… behind a tiny round-robin HTTP proxy on BENCH_PORT (README: several web
// instances behind a load balancer); BENCH_THINK_MS sets the think time (default 1000); BENCH_PAGES
// (comma-separated: list, deep, detail, subscriptions, next-bill) runs only those pages' phases.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import pg from "pg";
import { createThrowawayDatabase } from "../lib/testing/throwaway-database";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const REUSE = process.env.BENCH_DB;
const INSTANCES = Math.max(1, Number(process.env.BENCH_INSTANCES ?? 1));
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const PAGES = process.env.BENCH_PAGES?.split(",").map((p) => p.trim());
// BENCH_DB: a database kept by an earlier --keep run; otherwise a throwaway one (created in main()).
if (REUSE) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${REUSE}`;
  process.env.DATABASE_URL = url.toString();
}
process.env.LOG_LEVEL = "warn";

// --keep: leave the database in place and print what a profiling run needs (URL, cookie, paths).
const KEEP = process.argv.includes("--keep") || !!REUSE;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// CPU seconds (user + system) of a process tree's members, read from /proc/<pid>/stat.
const servers: ChildProcess[] = [];
function descendants(pid: number): number[] {
  const out = [pid];
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) out.push(...descendants(Number(child)));
  } catch {}
  return out;
}
function serverCpuMs(): number {
  let ticks = 0;
  for (const server of servers)
    for (const pid of descendants(server.pid!)) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
      } catch {}
    }
  return ticks * 10; // USER_HZ = 100
}

// What a page must contain to count: the next bill answers 200 with a "Stripe is not answering" note
// when the emulator throttles or fails, which would measure nothing.
const MUST_CONTAIN: Record<string, string> = { "/next-bill": 'data-testid="next-bill"', "/subscriptions": 'data-testid="renewal-amount"' };

async function get(path: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  const must = MUST_CONTAIN[path];
  if (must && !body.includes(must)) throw new Error(`${path}: the page lacks ${must}`);
  return performance.now() - t0;
}

const report = (label: string, times: number[], wallSeconds: number, cpuMs: number) => {
  const line = `${label.padEnd(46)} n=${times.length} p50=${pct(times, 50).toFixed(1)} ms p95=${pct(times, 95).toFixed(1)} ms  (${(times.length / wallSeconds).toFixed(0)} req/s, server CPU ${(cpuMs / times.length).toFixed(1)} ms/req)`;
  console.log(line);
  return line;
};

// Think times are drawn from an exponential distribution around the mean, as people differ. A fixed
// think time synchronises the users: after one slow moment all 20 wait the same second and send
// together from then on, a convoy that real people never form (measured: p95 200–340 ms at 19 req/s
// with a fixed 1 s, against 30–60 ms for the same rate arriving at random).
const thinkTime = (meanMs: number) => -Math.log(1 - Math.random()) * meanMs;

/** Closed loop: `users` clients, each sending its next request `thinkMs` after the previous answer. */
async function load(label: string, paths: string[], cookie: string, users = 20, perUser = 25, thinkMs = 0) {
  const times: number[] = [];
  const cpu0 = serverCpuMs();
  const t0all = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      // think-time runs start the users spread over one think period, as people arrive
      if (thinkMs) await new Promise((r) => setTimeout(r, (u * thinkMs) / users));
      for (let i = 0; i < perUser; i++) {
        times.push(await get(paths[(u * perUser + i) % paths.length], cookie));
        if (thinkMs) await new Promise((r) => setTimeout(r, thinkTime(thinkMs)));
      }
    }),
  );
  return report(label, times, (performance.now() - t0all) / 1000, serverCpuMs() - cpu0);
}

/** Open loop: requests arrive at `rate` per second (exponential gaps) for `seconds`, however slowly they are answered. */
async function arrivals(label: string, paths: string[], cookie: string, rate: number, seconds: number) {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  const cpu0 = serverCpuMs();
  const t0all = performance.now();
  let due = t0all;
  for (let i = 0; due - t0all < seconds * 1000; i++) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(get(paths[i % paths.length], cookie).then((ms) => void times.push(ms)));
    due += (-Math.log(1 - Math.random()) * 1000) / rate;
  }
  await Promise.all(pending);
  return { line: report(label, times, (performance.now() - t0all) / 1000, serverCpuMs() - cpu0), p95: pct(times, 95) };
}

/**
 * Raises the arrival rate step by step; the capacity is the highest rate whose p95 is within the
 * target. One step over it can be a GC pause in a 6 s window, so the sweep stops after two in a row.
 */
async function capacity(label: string, paths: string[], cookie: string, targetMs = 100) {
  let within = 0;
  let misses = 0;
  for (const rate of [20, 40, 60, 80, 100, 120, 140, 160]) {
    const { p95 } = await arrivals(`${label} @ ${rate}/s`, paths, cookie, rate, 6);
    if (p95 <= targetMs) {
      within = rate;
      misses = 0;
    } else if (++misses === 2) break;
  }
  const line = `${label}: p95 ≤ ${targetMs} ms up to ${within} page views/s (1 process)`;
  console.log(line);
  return line;
}

// BENCH_INSTANCES > 1: a round-robin HTTP proxy in front of the instances (stands in for the load balancer).
function startBalancer(ports: number[]) {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const up = http.request({ host: "127.0.0.1", port, path: req.url, method: req.method, headers: req.headers, agent }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on("error", () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(up);
  });
  server.listen(PORT, "127.0.0.1");
  return server;
}

async function main() {
  let dropDatabase = async () => {};
  const { getDb, closeDb } = await import("@/lib/db");
  const { seedBillingFixture, seedFixtureCustomer } = await import("@/prisma/seed/billing");
  if (!REUSE) {
    dropDatabase = (await createThrowawayDatabase("settle_bench_portal")).drop;
  }
  const db = await getDb();
  let big: { id: string }, pdfInvoiceId: string, pdfCustomerId: string;
  if (!REUSE) {
    const t = performance.now();
    big = await seedFixtureCustomer(db, { stripeId: "cus_bench_big", email: "big@bench.test", name: "Big Customer" });
    await seedBillingFixture(db, { customerId: big.id, idPrefix: "big", invoices: 5000, linesPerInvoice: 20 });
    for (let c = 0; c < 45; c++) {
      const other = await seedFixtureCustomer(db, { stripeId: `cus_bench_${c}`, email: `c${c}@bench.test`, name: `Customer ${c}` });
      await seedBillingFixture(db, { customerId: other.id, idPrefix: `c${c}`, invoices: 1000, linesPerInvoice: 20, seed: c + 1 });
    }
    const pdfCustomer = await seedFixtureCustomer(db, { stripeId: "cus_bench_pdf", email: "pdf@bench.test", name: "PDF Customer" });
    const pdfRows = await seedBillingFixture(db, { customerId: pdfCustomer.id, idPrefix: "pdf", invoices: 1, linesPerInvoice: 200 });
    pdfCustomerId = pdfCustomer.id;
    pdfInvoiceId = pdfRows.invoices[0].id!;
    const lines = await db.invoiceLine.count();
    console.log(`seeded ${lines} invoice lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  } else {
    big = (await db.customer.findUniqueOrThrow({ where: { stripeId: "cus_bench_big" } }))!;
    pdfCustomerId = (await db.customer.findUniqueOrThrow({ where: { stripeId: "cus_bench_pdf" } })).id;
    pdfInvoiceId = (await db.invoice.findFirstOrThrow({ where: { customerId: pdfCustomerId } })).id;
    console.log(`reusing ${REUSE}: ${await db.invoiceLine.count()} invoice lines`);
  }
  const pool = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await pool.connect();
  await pool.query("ANALYZE");

  // the list query as listInvoices issues it (first page and a deep page after 4,000 rows)
  const deep = await pool.query(
    `SELECT "stripeCreated", id FROM "Invoice" WHERE "customerId" = $1 ORDER BY "stripeCreated" DESC, id DESC OFFSET 4000 LIMIT 1`,
    [big.id],
  );
  const explain = await pool.query(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT "id", "number", "status"::text, "currency", "total", "amountPaid", "amountRemaining", "dueDate", "stripeCreated", "periodStart", "periodEnd"
     FROM "Invoice" WHERE "customerId" = $1 AND ("stripeCreated", "id") < ($2::timestamp(3), $3) ORDER BY "stripeCreated" DESC, "id" DESC LIMIT 26`,
    [big.id, deep.rows[0].stripeCreated.toISOString(), deep.rows[0].id],
  );
  console.log("EXPLAIN deep page:\n" + explain.rows.map((r) => r["QUERY PLAN"]).join("\n"));

  // a session for the big customer's user
  const user =
    (await db.user.findUnique({ where: { email: "big@bench.test" } })) ??
    (await db.user.create({ data: { email: "big@bench.test", name: "Big", role: "CUSTOMER", emailVerified: new Date() } }));
  await db.userCustomer.upsert({
    where: { userId_customerId: { userId: user.id, customerId: big.id } },
    create: { userId: user.id, customerId: big.id },
    update: {},
  });
  const token = randomBytes(24).toString("hex");
  await db.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  const cookie = `next-auth.session-token=${token}`;
  const subscriber = await seedSubscriber(db);

  // deep-page cursor through the feature's own encoder
  const { encodeCursor } = await import("@/features/invoices/invoice-cursor");
  const deepCursor = encodeCursor({ sort: "created", dir: "desc", value: deep.rows[0].stripeCreated.toISOString(), id: deep.rows[0].id });
  const invoiceIds = (await pool.query(`SELECT id FROM "Invoice" WHERE "customerId" = $1 ORDER BY random() LIMIT 200`, [big.id])).rows.map(
    (r) => r.id as string,
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STRIPE_API_BASE: subscriber.emulator.url,
    STRIPE_SECRET_KEY: "sk_test_bench_portal",
    NODE_ENV: "production",
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    SETTLE_IN_PROCESS_WORKER: "0",
    LOG_LEVEL: "warn",
  };
  const ports = INSTANCES === 1 ? [PORT] : Array.from({ length: INSTANCES }, (_, i) => PORT + 1 + i);
  for (const port of ports) servers.push(spawn("npx", ["next", "start", "-p", String(port)], { env, stdio: "ignore", detached: true }));
  const balancer = INSTANCES > 1 ? startBalancer(ports) : undefined;
  console.log(
    `${INSTANCES} next start process(es)${balancer ? ` behind a round-robin proxy on ${PORT}` : ""}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  try {
    for (const port of ports)
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/api/auth/csrf`)).ok) break;
        } catch {}
        if (i > 120) throw new Error("server did not start");
        await new Promise((r) => setTimeout(r, 500));
      }
    await load("warm-up", ["/invoices", `/invoices/${invoiceIds[0]}`, `/invoices?cursor=${deepCursor}`], cookie, 4, 10 * INSTANCES);
    await load("warm-up (subscriptions)", ["/subscriptions", "/next-bill"], subscriber.cookie, 2, 10 * INSTANCES);
    const all: [string, string, string[], string][] = [
      ["list", "invoice list, first page", ["/invoices"], cookie],
      ["deep", "invoice list, page 161", [`/invoices?cursor=${deepCursor}`], cookie],
      ["detail", "invoice detail (20 lines)", invoiceIds.map((id) => `/invoices/${id}`), cookie],
      ["subscriptions", "subscriptions (2, one tiered)", ["/subscriptions"], subscriber.cookie],
      ["next-bill", "next bill (2 previews from the emulator)", ["/next-bill"], subscriber.cookie],
    ];
    const phases = all.filter(([key]) => !PAGES || PAGES.includes(key));
    const out: string[] = [];
    for (const [, label, paths, who] of phases) out.push(await load(`one user at a time: ${label}`, paths, who, 1, 40));
    console.log(`-- headline: 20 concurrent users (${THINK_MS} ms think time)`);
    for (const [, label, paths, who] of phases) out.push(await load(`${label} [20 users]`, paths, who, 20, 20, THINK_MS));
    console.log("-- capacity: page views arriving at a fixed rate, raised until p95 > 100 ms");
    for (const [, label, paths, who] of phases) out.push(await capacity(label, paths, who));
    console.log("-- saturation: 20 requests always in flight, no think time (throughput, not a user's wait)");
    for (const [, label, paths, who] of phases) out.push(await load(`${label} [20 in flight]`, paths, who));
    const { renderInvoicePdf } = await import("@/features/invoices/render-invoice-pdf");
    const pdfTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await renderInvoicePdf(await getDb(), { customerIds: [pdfCustomerId], invoiceId: pdfInvoiceId, locale: "en" });
      pdfTimes.push(performance.now() - t0);
    }
    out.push(
      `PDF 200-line invoice (in process) p50=${pct(pdfTimes, 50).toFixed(0)} ms max=${Math.max(...pdfTimes).toFixed(0)} ms (first ${pdfTimes[0].toFixed(0)} ms)`,
    );
    console.log(out[out.length - 1]);
  } finally {
    balancer?.close();
    for (const server of servers) if (server.pid) process.kill(-server.pid, "SIGTERM");
    await subscriber.emulator.close();
    await pool.end();
    await closeDb();
    if (KEEP) {
      console.log(
        JSON.stringify({
          kept: process.env.DATABASE_URL,
          cookie,
          list: "/invoices",
          deep: `/invoices?cursor=${deepCursor}`,
          detail: invoiceIds.slice(0, 20).map((id) => `/invoices/${id}`),
        }),
      );
    } else {
      await dropDatabase();
    }
  }
}

/**
 * A subscriber on the in-process emulator: Team (15.00 a seat, monthly) raised from 10 to 12 seats a
 * third into the period (two proration lines wait for the next bill) and Fonts (graduated tiers,
 * Stripe's documented example: 1–5 at 7.00, 6–10 at 6.50, 11+ at 6.00) at 12; projected into Settle
 * by a resync (as the desk's "resync" does), signed in through a session.
 */
async function seedSubscriber(db: Awaited<ReturnType<typeof import("@/lib/db").getDb>>) {
  const { startEmulator } = await import("@/stripe-emulator");
  const { createStripe } = await import("@/lib/stripe");
  const { runResync } = await import("@/features/stripe-sync/resync/run-resync");
  const { drainEvents } = await import("@/features/stripe-sync/processor/process-events");
  const { stripeSource } = await import("@/features/stripe-sync/events/stripe-source");
  const emulator = await startEmulator({ port: 0, seed: 16 });
  emulator.emulator.webhooks.enabled = false; // the resync projects everything
  const stripe = createStripe({ secretKey: "sk_test_bench_portal", apiBase: emulator.url, maxNetworkRetries: 0 });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
  const team = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } });
  const fonts = await stripe.prices.create({
    currency: "usd",
    recurring: { interval: "month" },
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers: [
      { up_to: 5, unit_amount: 700 },
      { up_to: 10, unit_amount: 650 },
      { up_to: "inf", unit_amount: 600 },
    ],
    product_data: { name: "Fonts" },
  });
  const customer = await stripe.customers.create({ email: "subs@bench.test", name: "Subscriber" });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: team.id, quantity: 10 }],
    collection_method: "send_invoice",
    days_until_due: 14,
    default_tax_rates: [vat.id],
  });
  const si = sub.items.data[0]!;
  await stripe.subscriptions.update(sub.id, {
    items: [{ id: si.id, quantity: 12 }],
    proration_date: si.current_period_start + Math.floor((si.current_period_end - si.current_period_start) / 3),
  });
  await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: fonts.id, quantity: 12 }],
    collection_method: "send_invoice",
    days_until_due: 14,
  });
  // the resync puts what it lists in the inbox; the processor projects it
  await runResync(db, { stripe });
  await drainEvents(db, { source: stripeSource(stripe), backoffMs: 10, refetch: "decide" });
  const row = await db.customer.findUniqueOrThrow({ where: { stripeId: customer.id } });
  const user = await db.user.upsert({
    where: { email: "subs@bench.test" },
    update: {},
    create: { email: "subs@bench.test", name: "Subscriber", role: "CUSTOMER", emailVerified: new Date() },
  });
  await db.userCustomer.upsert({
    where: { userId_customerId: { userId: user.id, customerId: row.id } },
    create: { userId: user.id, customerId: row.id },
    update: {},
  });
  const token = randomBytes(24).toString("hex");
  await db.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  console.log(`subscriber: ${await db.subscription.count({ where: { customerId: row.id } })} subscriptions projected, emulator at ${emulator.url}`);
  return { emulator, cookie: `next-auth.session-token=${token}` };
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
