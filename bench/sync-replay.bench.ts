// Replay: rebuilds every projection from the inbox alone.
//   --mix invoices (default): 100,000 synthetic invoice events (built from Stripe's example objects:
//     customer, draft → open → paid, 3 lines with taxes each). Target: 100,000 within 2 minutes.
//   --mix all: every kind Settle projects (customers, prices, invoices, payment intents, charges,
//     refunds, credit notes, disputes). A generated scenario (--template-invoices, default 300) is
//     delivered to the inbox and processed live by two processors against the emulator; its
//     processed rows are the template. Postgres then copies the template until the inbox holds
//     --events applied events: one INSERT … SELECT … CROSS JOIN generate_series per chunk of copies,
//     each copy's Stripe ids made its own (the emulator's ids all contain "Emu": copy g writes
//     "E<g>u"), times shifted past the copy before. Target: 1,000,000 events within 10 minutes.
// Usage: npm run bench:replay -- [--events 100000] [--mix invoices|all] [--template-invoices 300] [--profile-batches]
import { readFileSync } from "node:fs";
import os from "node:os";
import { createBenchDatabase } from "./sync-bench-db";

const arg = (name: string, d: number) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d);
const EVENTS = arg("events", 100_000);
const MIX = process.argv.includes("--mix") && process.argv[process.argv.indexOf("--mix") + 1] === "all" ? "all" : "invoices";
const TEMPLATE_INVOICES = arg("template-invoices", 300);
// Stop after this many seconds of replay and report the rate so far (the shared machine's limit
// for one run); the events left are named in the output.
const MAX_SECONDS = arg("max-seconds", 0);

const bench = await createBenchDatabase();
const { getDb, closeDb } = await import("@/lib/db");
const { replayEvents } = await import("@/features/stripe-sync/replay/replay-events");
const PROJECTIONS = [
  "Customer",
  "Price",
  "Invoice",
  "InvoiceLine",
  "InvoiceLineTax",
  "InvoicePayment",
  "PaymentIntent",
  "Charge",
  "Refund",
  "CreditNote",
  "CreditNoteLine",
  "Chargeback",
];
async function countRows(db: Awaited<ReturnType<typeof getDb>>): Promise<Record<string, number>> {
  const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(
    `SELECT ${PROJECTIONS.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(", ")}`,
  );
  return row;
}
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

/** The invoice-only inbox: EVENTS rows built in Node from Stripe's example objects. */
async function fillInvoices(db: Awaited<ReturnType<typeof getDb>>) {
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
}

/**
 * The mixed inbox: a generated scenario processed live (every kind, as the processor applied it),
 * then copied by Postgres until it holds at least EVENTS applied events.
 */
let templateRows: Record<string, number> = {};
async function fillMixed(db: Awaited<ReturnType<typeof getDb>>) {
  const { startEmulator } = await import("@/stripe-emulator");
  const { generateScenario } = await import("@/stripe-emulator/scenario");
  const { storeEvents } = await import("@/features/stripe-sync/intake/store-events");
  const { startEventProcessor } = await import("@/features/stripe-sync/processor/start-event-processor");
  const emu = await startEmulator({ port: 0, seed: 23 });
  process.env.STRIPE_API_BASE = emu.url;
  try {
    generateScenario(emu.emulator, { seed: 23, invoices: TEMPLATE_INVOICES });
    const events = [...emu.emulator.store.c.events.items.values()]
      .map((e) => JSON.parse(JSON.stringify(emu.emulator.renderEvent(e))))
      .sort((a, b) => a.created - b.created);
    for (let i = 0; i < events.length; i += 500) {
      await storeEvents(
        db,
        events.slice(i, i + 500).map((event) => ({ event, raw: JSON.stringify(event) })),
        "webhook",
      );
    }
    const controller = new AbortController();
    const processors = [0, 1].map(() => startEventProcessor(db, { signal: controller.signal, batchSize: 25, idleMs: 50 }));
    while ((await db.stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } })) > 0) await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await Promise.all(processors.map((p) => p.stopped));
    templateRows = await countRows(db);
  } finally {
    await emu.close();
  }
  // The template: the applied rows (replay reads nothing else). Superseded and ignored events
  // (no appliedObjects) are left out of the copies; payloads too (replay never reads them).
  await db.$executeRawUnsafe(`DELETE FROM "StripeEvent" WHERE status <> 'PROCESSED' OR "appliedObjects" IS NULL`);
  await db.$executeRawUnsafe(`CREATE TABLE bench_template AS SELECT * FROM "StripeEvent"`);
  const [{ n, span, kinds }] = await db.$queryRaw<{ n: number; span: number; kinds: Record<string, number> }[]>`
    SELECT count(*)::int AS n,
           (extract(epoch FROM max("processedAt") - min("processedAt")) + 1)::float8 AS span,
           (SELECT jsonb_object_agg(k, c) FROM (SELECT a->>'kind' AS k, count(*)::int AS c
              FROM bench_template, jsonb_array_elements("appliedObjects") a GROUP BY 1) x) AS kinds
      FROM bench_template`;
  const copies = Math.ceil(EVENTS / n);
  const t0 = performance.now();
  const CHUNK = 25;
  for (let from = 1; from < copies; from += CHUNK) {
    const to = Math.min(copies - 1, from + CHUNK - 1);
    await db.$executeRawUnsafe(
      `INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", livemode, "stripeCreated", payload, source, status, attempts, "processedAt", "appliedObjects")
       SELECT t.id || '_c' || g, t.type, t."objectType", replace(t."objectId", 'Emu', 'E' || g || 'u'), t.livemode,
              t."stripeCreated" + make_interval(days => g * 400), '{}'::jsonb, t.source, 'PROCESSED', 1,
              t."processedAt" + make_interval(secs => g * $1::float8),
              replace(t."appliedObjects"::text, 'Emu', 'E' || g || 'u')::jsonb
         FROM bench_template t CROSS JOIN generate_series($2::int, $3::int) g`,
      span,
      from,
      to,
    );
    process.stderr.write(`copies ${to + 1}/${copies} (${Math.round((performance.now() - t0) / 1000)} s)\n`);
  }
  await db.$executeRawUnsafe(`UPDATE "StripeEvent" SET payload = '{}'::jsonb WHERE payload <> '{}'::jsonb`);
  await db.$executeRawUnsafe(`DROP TABLE bench_template`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "StripeEvent"`);
  return { templateEvents: n, copies, templateKinds: kinds, generateSeconds: +((performance.now() - t0) / 1000).toFixed(1) };
}

let stopped = false;
try {
  const db = await getDb();
  const filled = MIX === "all" ? await fillMixed(db) : (await fillInvoices(db), {});
  const [{ inboxBytes }] = await db.$queryRaw<{ inboxBytes: bigint }[]>`SELECT pg_total_relation_size('"StripeEvent"') AS "inboxBytes"`;
  // --profile-statements: every SQL statement replay sends (through pg, under Prisma's adapter),
  // counted and timed from send to answer, grouped by its text.
  const statements = new Map<string, { n: number; ms: number }>();
  let profiling = false;
  if (process.argv.includes("--profile-statements")) {
    const pg = (await import("pg")).default;
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
      const q = a[0] as string | { text?: string };
      const text = (typeof q === "string" ? q : (q?.text ?? "")).replace(/\s+/g, " ").slice(0, 110);
      const t = performance.now();
      const r = query.apply(this, a);
      if (profiling && r && typeof (r as Promise<unknown>).then === "function") {
        void (r as Promise<unknown>).then(
          () => {
            const s = statements.get(text) ?? { n: 0, ms: 0 };
            s.n++;
            s.ms += performance.now() - t;
            statements.set(text, s);
          },
          () => undefined,
        );
      }
      return r;
    } as typeof pg.Client.prototype.query;
    profiling = true;
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "StripeEvent" WHERE "appliedObjects" IS NOT NULL`;
  let progress = { events: 0, ms: 0 };
  const replay = replayEvents(db, { reset: true, batchSize: 1000, onBatch: (p) => (progress = p) });
  stopped =
    MAX_SECONDS > 0
      ? await Promise.race([replay.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), MAX_SECONDS * 1000).unref())])
      : (await replay, false);
  if (stopped) replay.catch(() => undefined); // the batch in flight dies with the database below
  const result = stopped ? { events: progress.events, ms: progress.ms, reset: true } : await replay;
  const seconds = stopped ? progress.ms / 1000 : (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  profiling = false;
  const rows = stopped ? {} : await countRows(db);
  // Each copy is the template's objects under ids of its own: replay must rebuild copies × its rows.
  const copies = MIX === "all" ? (filled as { copies: number }).copies : 0;
  const mismatched = MIX === "all" && !stopped ? PROJECTIONS.filter((t) => rows[t] !== templateRows[t]! * copies) : [];
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        mix: MIX,
        ...filled,
        inboxBytesPerEvent: Math.round(Number(inboxBytes) / total),
        inboxEvents: total,
        ...(stopped
          ? { stoppedAfterSeconds: MAX_SECONDS, eventsLeft: total - result.events, projectedSecondsForAll: Math.round((total / result.events) * seconds) }
          : {}),
        events: result.events,
        seconds: +seconds.toFixed(1),
        eventsPerSecond: Math.round(result.events / seconds),
        replayProcessCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
        rows,
        ...(statements.size
          ? {
              statementsPerEvent: +([...statements.values()].reduce((x, v) => x + v.n, 0) / result.events).toFixed(2),
              statementMs: Math.round([...statements.values()].reduce((x, v) => x + v.ms, 0)),
              topStatements: [...statements.entries()]
                .sort((a, b) => b[1].ms - a[1].ms)
                .slice(0, 15)
                .map(([sql, v]) => ({ sql, n: v.n, ms: Math.round(v.ms) })),
            }
          : {}),
        ...(MIX === "all" && !stopped ? { rowsEqualCopiesTimesTemplate: mismatched.length === 0, mismatched } : {}),
      },
      null,
      1,
    ),
  );
} finally {
  if (!stopped) await closeDb();
  await bench.drop();
  if (stopped) process.exit(0);
}
