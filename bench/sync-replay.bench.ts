// Replay: rebuilds every projection from 100,000 inbox events (synthetic invoices built from
// Stripe's example objects: customer, draft → open → paid, 3 lines with taxes each).
// Target: 100,000 events within 2 minutes. Usage: npx tsx --conditions=react-server bench/sync-replay.bench.ts [--events 100000]
import { readFileSync } from "node:fs";
import os from "node:os";
import { createBenchDatabase } from "./sync-bench-db";

const arg = (name: string, d: number) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d);
const EVENTS = arg("events", 100_000);

const bench = await createBenchDatabase();
const { getDb, closeDb } = await import("@/lib/db");
const { replayEvents } = await import("@/features/stripe-sync/replay/replay-events");
const { hashProjections } = await import("@/features/stripe-sync/replay/hash-projections");
const fx = JSON.parse(readFileSync(new URL("../features/stripe-sync/testing/fixtures/stripe-openapi-fixtures.json", import.meta.url), "utf8")).resources;

function invoiceAt(i: number, status: "draft" | "open" | "paid") {
  const customer = `cus_bench_${Math.floor(i / 10)}`;
  const lines = [0, 1, 2].map((n) => ({
    ...fx.invoice.lines.data[0],
    id: `il_bench_${i}_${n}`,
    amount: 1000 * (n + 1),
    currency: "usd",
    quantity: n + 1,
    pricing: { type: "price_details", unit_amount_decimal: "1000", price_details: { price: "price_bench", product: "prod_bench" } },
    taxes: [
      {
        amount: 190 * (n + 1),
        tax_behavior: "exclusive",
        taxable_amount: 1000 * (n + 1),
        type: "tax_rate_details",
        tax_rate_details: { tax_rate: "txr_bench" },
      },
    ],
    discount_amounts: [],
    discounts: [],
  }));
  const paid = status === "paid";
  return {
    ...fx.invoice,
    id: `in_bench_${i}`,
    customer,
    status,
    currency: "usd",
    number: status === "draft" ? null : `BENCH-${i}`,
    subtotal: 6000,
    subtotal_excluding_tax: 6000,
    total: 7140,
    total_excluding_tax: 6000,
    amount_due: 7140,
    amount_paid: paid ? 7140 : 0,
    amount_remaining: paid ? 0 : 7140,
    amount_overpaid: 0,
    starting_balance: 0,
    ending_balance: status === "draft" ? null : 0,
    total_taxes: [{ amount: 1140, tax_behavior: "exclusive", taxable_amount: 6000, type: "tax_rate_details", tax_rate_details: { tax_rate: "txr_bench" } }],
    total_discount_amounts: [],
    discounts: [],
    lines: { object: "list", data: lines, has_more: false },
    pre_payment_credit_notes_amount: 0,
    post_payment_credit_notes_amount: 0,
  };
}

try {
  const db = await getDb();
  const rates = { txr_bench: { percentage: "19", displayName: "VAT", inclusive: false } };
  const base = Date.UTC(2026, 0, 1);
  const rows: { id: string; objectId: string; created: Date; processed: Date; applied: string }[] = [];
  for (let e = 0; e < EVENTS; e++) {
    const i = Math.floor(e / 3);
    const status = (["draft", "open", "paid"] as const)[e % 3];
    const inv = invoiceAt(i, status);
    const applied: unknown[] = [];
    if (e % 3 === 0) applied.push({ kind: "customer", parentOnly: true, object: { ...fx.customer, id: inv.customer, email: null, created: 1767225600 } });
    applied.push({ kind: "invoice", object: inv, taxRates: rates });
    rows.push({
      id: `evt_bench_${e}`,
      objectId: inv.id,
      created: new Date(base + e * 1000),
      processed: new Date(base + e * 10),
      applied: JSON.stringify(applied),
    });
  }
  for (let k = 0; k < rows.length; k += 2000) {
    const part = rows.slice(k, k + 2000);
    await db.$executeRaw`INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", "stripeCreated", payload, status, "processedAt", "appliedObjects")
      SELECT id, 'invoice.updated', 'invoice', oid, cr, '{}'::jsonb, 'PROCESSED', pr, ap::jsonb
      FROM unnest(${part.map((r) => r.id)}::text[], ${part.map((r) => r.objectId)}::text[], ${part.map((r) => r.created.toISOString())}::timestamp[],
                  ${part.map((r) => r.processed.toISOString())}::timestamp[], ${part.map((r) => r.applied)}::text[]) AS t(id, oid, cr, pr, ap)`;
  }
  const t0 = performance.now();
  const result = await replayEvents(db, { reset: true, batchSize: 1000 });
  const seconds = (performance.now() - t0) / 1000;
  const hash = await hashProjections(db);
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        events: result.events,
        seconds: +seconds.toFixed(1),
        eventsPerSecond: Math.round(result.events / seconds),
        invoices: hash.tables.Invoice.rows,
        lines: hash.tables.InvoiceLine.rows,
      },
      null,
      1,
    ),
  );
} finally {
  await closeDb();
  await bench.drop();
}
