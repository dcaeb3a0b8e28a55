// Customer portal benchmark (not a test): 1,000,000 invoice lines on Postgres, one customer
// with 5,000 invoices × 20 lines; invoice list (first and deep page) and detail at 20
// concurrent users against a production build (`next start`), p50/p95; the list query's
// EXPLAIN; PDF of a 200-line invoice. Run: npx next build && npx tsx --conditions=react-server bench/portal.bench.ts
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const name = `settle_bench_portal_${randomBytes(3).toString("hex")}`;
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.LOG_LEVEL = "warn";

// --keep: leave the database in place and print what a profiling run needs (URL, cookie, paths).
const KEEP = process.argv.includes("--keep");
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function load(label: string, paths: string[], cookie: string, users = 20, perUser = 25) {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let i = 0; i < perUser; i++) {
        const path = paths[(u * perUser + i) % paths.length];
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  const line = `${label.padEnd(28)} n=${times.length} p50=${pct(times, 50).toFixed(1)} ms p95=${pct(times, 95).toFixed(1)} ms`;
  console.log(line);
  return line;
}

async function main() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: process.env, stdio: "pipe" });
  const { getDb, closeDb } = await import("@/lib/db");
  const { seedBillingFixture, seedFixtureCustomer } = await import("@/prisma/seed/billing");
  const db = await getDb();

  const t = performance.now();
  const big = await seedFixtureCustomer(db, { stripeId: "cus_bench_big", email: "big@bench.test", name: "Big Customer" });
  await seedBillingFixture(db, { customerId: big.id, idPrefix: "big", invoices: 5000, linesPerInvoice: 20 });
  for (let c = 0; c < 45; c++) {
    const other = await seedFixtureCustomer(db, { stripeId: `cus_bench_${c}`, email: `c${c}@bench.test`, name: `Customer ${c}` });
    await seedBillingFixture(db, { customerId: other.id, idPrefix: `c${c}`, invoices: 1000, linesPerInvoice: 20, seed: c + 1 });
  }
  const pdfCustomer = await seedFixtureCustomer(db, { stripeId: "cus_bench_pdf", email: "pdf@bench.test", name: "PDF Customer" });
  const pdfRows = await seedBillingFixture(db, { customerId: pdfCustomer.id, idPrefix: "pdf", invoices: 1, linesPerInvoice: 200 });
  const lines = await db.invoiceLine.count();
  console.log(`seeded ${lines} invoice lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const pool = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await pool.connect();
  await pool.query("ANALYZE");

  // the list query as listInvoices issues it (first page and a deep page after 4,000 rows)
  const deep = await pool.query(`SELECT "stripeCreated", id FROM "Invoice" WHERE "customerId" = $1 ORDER BY "stripeCreated" DESC, id DESC OFFSET 4000 LIMIT 1`, [big.id]);
  const explain = await pool.query(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT "id", "number", "status"::text, "currency", "total", "amountPaid", "amountRemaining", "dueDate", "stripeCreated", "periodStart", "periodEnd"
     FROM "Invoice" WHERE "customerId" = $1 AND ("stripeCreated", "id") < ($2::timestamp(3), $3) ORDER BY "stripeCreated" DESC, "id" DESC LIMIT 26`,
    [big.id, deep.rows[0].stripeCreated.toISOString(), deep.rows[0].id],
  );
  console.log("EXPLAIN deep page:\n" + explain.rows.map((r) => r["QUERY PLAN"]).join("\n"));

  // a session for the big customer's user
  const user = await db.user.create({ data: { email: "big@bench.test", name: "Big", role: "CUSTOMER", emailVerified: new Date() } });
  await db.userCustomer.create({ data: { userId: user.id, customerId: big.id } });
  const token = randomBytes(24).toString("hex");
  await db.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  const cookie = `next-auth.session-token=${token}`;

  // deep-page cursor through the feature's own encoder
  const { encodeCursor } = await import("@/features/invoices/invoice-cursor");
  const deepCursor = encodeCursor({ sort: "created", dir: "desc", value: deep.rows[0].stripeCreated.toISOString(), id: deep.rows[0].id });
  const invoiceIds = (await pool.query(`SELECT id FROM "Invoice" WHERE "customerId" = $1 ORDER BY random() LIMIT 200`, [big.id])).rows.map((r) => r.id as string);

  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    env: { ...process.env, NODE_ENV: "production", NEXTAUTH_URL: `http://127.0.0.1:${PORT}`, NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret", SETTLE_IN_PROCESS_WORKER: "0", LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/api/auth/csrf`)).ok) break;
      } catch {}
      if (i > 120) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    await load("warm-up", ["/invoices", `/invoices/${invoiceIds[0]}`], cookie, 4, 10);
    const out = [
      await load("invoice list, first page", ["/invoices"], cookie),
      await load("invoice list, page 161", [`/invoices?cursor=${deepCursor}`], cookie),
      await load("invoice detail (20 lines)", invoiceIds.map((id) => `/invoices/${id}`), cookie),
    ];
    const { renderInvoicePdf } = await import("@/features/invoices/render-invoice-pdf");
    const pdfTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await renderInvoicePdf({ customerIds: [pdfCustomer.id], invoiceId: pdfRows.invoices[0].id!, locale: "en" });
      pdfTimes.push(performance.now() - t0);
    }
    out.push(`PDF 200-line invoice (in process) p50=${pct(pdfTimes, 50).toFixed(0)} ms max=${Math.max(...pdfTimes).toFixed(0)} ms (first ${pdfTimes[0].toFixed(0)} ms)`);
    console.log(out[out.length - 1]);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await pool.end();
    await closeDb();
    if (KEEP) {
      console.log(JSON.stringify({ kept: process.env.DATABASE_URL, cookie, list: "/invoices", deep: `/invoices?cursor=${deepCursor}`, detail: invoiceIds.slice(0, 20).map((id) => `/invoices/${id}`) }));
    } else {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
