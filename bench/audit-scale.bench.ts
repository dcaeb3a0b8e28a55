// Per-event cost of the incremental audit's document load as the database grows (not a test).
// Target (issue 17): flat from 10,000 to 1,000,000 invoices — O(what the event touched), not
// O(database). Before the fix the ids were a JSON set-returning function that Postgres
// hash-joined against a scan of every invoice.
// Usage: npx tsx --conditions=react-server bench/audit-scale.bench.ts [--sizes 10000,100000,1000000] [--runs 300]
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createBenchDatabase, percentile } from "./sync-bench-db";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const SIZES = arg("sizes", "10000,100000,1000000").split(",").map(Number);
const RUNS = Number(arg("runs", "300"));

const bench = await createBenchDatabase();
const { getDb, closeDb } = await import("../lib/db");
const { loadInvoiceDocs } = await import("../features/billing-audit/load-invoice-docs");

try {
  const db = await getDb();
  await db.$executeRawUnsafe(`INSERT INTO "Customer" (id, "stripeId", "stripeCreated", "updatedAt") VALUES ('c_bench', 'cus_bench', now(), now())`);
  let have = 0;
  for (const size of SIZES) {
    const t0 = performance.now();
    // invoices with 4 lines each, like the audit benchmark's (the documents carry their lines)
    await db.$executeRawUnsafe(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       SELECT 'inv_' || g, 'in_' || g, 'c_bench', 'PAID', 'usd', 4000, 4000, 4000, 4000, 0, now() FROM generate_series(${have + 1}, ${size}) g`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, currency, amount, quantity)
       SELECT 'il_' || g || '_' || p, 'il_' || g || '_' || p, 'inv_' || g, p, 'usd', 1000, 1 FROM generate_series(${have + 1}, ${size}) g, generate_series(0, 3) p`,
    );
    await db.$executeRawUnsafe(`ANALYZE "Invoice"; ANALYZE "InvoiceLine"`);
    have = size;
    const loadS = (performance.now() - t0) / 1000;
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const id = `inv_${1 + Math.floor(Math.random() * size)}`;
      const t = performance.now();
      const docs = await loadInvoiceDocs(db, [id]);
      times.push(performance.now() - t);
      if (docs.length !== 1 || docs[0]!.lines.length !== 4) throw new Error(`expected one document with 4 lines for ${id}`);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${size.toLocaleString("en")} invoices (${(size * 4).toLocaleString("en")} lines, loaded in ${loadS.toFixed(0)} s): one event's documents p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms over ${RUNS} (load avg ${loadavg()[0].toFixed(1)})`,
    );
  }
} finally {
  await closeDb();
  await bench.drop();
}
