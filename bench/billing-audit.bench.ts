// Billing audit benchmark (not a test). Targets: a full sweep over 1,000,000 invoice lines
// ≤ 60 s; the incremental check after one event ≤ 20 ms (2 cores, Node 20, Postgres 15).
// Usage: npm run bench:billing-audit -- [--lines 1000000] [--batch 2000] [--runs 200] [--keep]
// Synthetic projections (customers, prices, tariffs, invoices with 4 lines, taxes, a line
// coupon on some, payments and charges; 1 % of invoices carry a line-math error and 0.5 % a
// duplicate charge) are bulk-loaded into a throwaway database with multi-row JSON inserts.
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createBenchDatabase, percentile } from "./sync-bench-db";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg("lines", 1_000_000);
const BATCH = arg("batch", 2000);
const RUNS = arg("runs", 200);
// --keep: leave the throwaway database in place (its URL is printed) for EXPLAIN and profiling.
const KEEP = process.argv.includes("--keep");
const LINES_PER_INVOICE = 4;
const MONTHS = 10;
const CUSTOMERS_PER_CHUNK = 500;
const T0 = Date.UTC(2026, 0, 1) / 1000;

const bench = await createBenchDatabase();
const { getDb, closeDb } = await import("../lib/db");
const { bulkProject, insertRows } = await import("../features/billing-audit/testing/bulk-projections");
const { runFullSweep } = await import("../features/billing-audit/run-full-sweep");
const { auditInvoice } = await import("../features/billing-audit/audit-invoices");
type Obj = Record<string, unknown>;

try {
  const db = await getDb();
  const taxRates = { txr_us: { percentage: "8.875", displayName: "Sales tax", inclusive: false } };
  const prices = ["seats", "platform", "usage", "support"].map((k, i) => ({
    id: `price_${k}`,
    object: "price",
    product: `prod_${k}`,
    currency: "usd",
    unit_amount_decimal: ["1200", "4900", "0.0125", "990"][i],
    created: T0,
  }));
  const invoicesWanted = Math.ceil(LINES / LINES_PER_INVOICE);
  const chunks = Math.ceil(invoicesWanted / (CUSTOMERS_PER_CHUNK * MONTHS));
  const loadStart = performance.now();
  let n = 0;
  for (let c = 0; c < chunks; c++) {
    const customers: Obj[] = [],
      invoices: Obj[] = [],
      pis: Obj[] = [],
      charges: Obj[] = [];
    const tariffs: Obj[] = [];
    for (let k = 0; k < CUSTOMERS_PER_CHUNK && n < invoicesWanted; k++) {
      const cus = `cus_b${c}_${k}`;
      customers.push({ id: cus, object: "customer", currency: "usd", created: T0 });
      for (let m = 0; m < MONTHS && n < invoicesWanted; m++, n++) {
        const id = `in_b${n}`;
        const start = T0 + m * 30 * 86400;
        const qty = [10 + (k % 7), 1, 100_000 + k * 37 + m, 1 + (m % 3)];
        const lines = prices.map((p, i) => {
          let amount = Math.round(qty[i] * Number(p.unit_amount_decimal));
          if (i === 2) amount = Math.floor((qty[i] * 125 + 5000) / 10000); // 0.0125 × q, half up
          if (i === 0 && n % 100 === 0) amount += 700; // injected line-math error
          return {
            id: `il_b${n}_${i}`,
            amount,
            currency: "usd",
            quantity: qty[i],
            quantity_decimal: String(qty[i]),
            period: { start, end: start + 30 * 86400 },
            pricing: { price_details: { price: p.id, product: p.product }, unit_amount_decimal: p.unit_amount_decimal },
            discount_amounts: [],
            discounts: [],
            taxes: [] as Obj[],
          };
        });
        for (const l of lines) {
          const tax = Math.floor((l.amount * 8875 + 50000) / 100000);
          l.taxes = [{ amount: tax, tax_behavior: "exclusive", tax_rate_details: { tax_rate: "txr_us" }, taxable_amount: l.amount }];
        }
        const subtotal = lines.reduce((s, l) => s + l.amount, 0);
        const tax = lines.reduce((s, l) => s + (l.taxes[0].amount as number), 0);
        const total = subtotal + tax;
        const pi = `pi_b${n}`;
        invoices.push({
          id,
          object: "invoice",
          customer: cus,
          status: "paid",
          currency: "usd",
          created: start,
          subtotal,
          subtotal_excluding_tax: subtotal,
          total,
          total_excluding_tax: subtotal,
          amount_due: total,
          amount_paid: total,
          amount_remaining: 0,
          status_transitions: { finalized_at: start, paid_at: start + 60 },
          lines: { data: lines },
          total_discount_amounts: [],
          total_taxes: [{ amount: tax, tax_behavior: "exclusive", tax_rate_details: { tax_rate: "txr_us" }, taxable_amount: subtotal }],
          payments: {
            data: [
              {
                id: `inpay_b${n}`,
                amount_paid: total,
                amount_requested: total,
                currency: "usd",
                status: "paid",
                payment: { type: "payment_intent", payment_intent: pi },
                status_transitions: { paid_at: start + 60 },
                created: start,
              },
            ],
          },
        });
        pis.push({ id: pi, customer: cus, amount: total, amount_received: total, currency: "usd", status: "succeeded", created: start + 60 });
        charges.push({
          id: `ch_b${n}`,
          customer: cus,
          payment_intent: pi,
          amount: total,
          amount_captured: total,
          amount_refunded: 0,
          currency: "usd",
          status: "succeeded",
          paid: true,
          created: start + 60,
        });
        if (n % 200 === 7)
          charges.push({
            id: `ch_dup${n}`,
            customer: cus,
            amount: total,
            amount_captured: total,
            amount_refunded: 0,
            currency: "usd",
            status: "succeeded",
            paid: true,
            created: start + 300,
          });
      }
    }
    const objects = new Map<string, Obj[]>([
      ["customer", customers],
      ["price", c === 0 ? prices : []],
      ["invoice", invoices],
      ["payment_intent", pis],
      ["charge", charges],
    ]);
    await bulkProject(db, objects as never, taxRates);
    const ids = new Map(
      (await db.customer.findMany({ where: { stripeId: { in: customers.map((x) => x.id as string) } }, select: { id: true, stripeId: true } })).map((r) => [
        r.stripeId,
        r.id,
      ]),
    );
    for (const cu of customers)
      for (const p of prices)
        tariffs.push({
          customerId: ids.get(cu.id as string),
          priceId: p.id,
          productId: p.product,
          currency: "usd",
          unitAmountDecimal: p.unit_amount_decimal,
          validFrom: new Date(T0 * 1000).toISOString(),
          updatedAt: new Date().toISOString(),
        });
    await insertRows(db, "Tariff", tariffs);
  }
  await db.$executeRawUnsafe("ANALYZE");
  const loadMs = performance.now() - loadStart;
  const lineCount = await db.invoiceLine.count();
  console.log(`loaded ${n} invoices, ${lineCount} lines in ${(loadMs / 1000).toFixed(1)} s (load avg ${loadavg()[0].toFixed(1)})`);

  const cpu0 = process.cpuUsage();
  const sweep = await runFullSweep(db, { batchSize: BATCH });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `full sweep: ${sweep.invoices} invoices / ${lineCount} lines in ${(sweep.ms / 1000).toFixed(1)} s, ${sweep.findings} findings ${JSON.stringify(sweep.byRule)}, process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load avg ${loadavg()[0].toFixed(1)})`,
  );

  const sample = await db.invoice.findMany({ select: { id: true }, take: RUNS, skip: Math.floor(n / 2) });
  const times: number[] = [];
  for (const s of sample) {
    const t = performance.now();
    await auditInvoice(db, s.id);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `incremental auditInvoice after one event: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms over ${times.length} (load avg ${loadavg()[0].toFixed(1)})`,
  );
} finally {
  await closeDb();
  if (KEEP) console.log(`kept ${bench.url}`);
  else await bench.drop();
}
