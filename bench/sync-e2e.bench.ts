// End to end: a generated scenario's events in the inbox, drained by two processors (the
// default batch size, DEFAULT_BATCH_SIZE) that decide per event whether to refetch the object
// from the emulator (HTTP), until every event is projected.
// Every projection change is audited as the worker does (the billing audit's listener), and the
// run ends when the inbox is drained and every audit it caused has finished. Reports the bench
// process's CPU time (user + system, GC threads included) per 1,000 events.
// Target (issue 17): ≥ 1,000 events/s, ≤ 2 CPU-s per 1,000 events, 0 wrong rows.
// Usage: npx tsx --conditions=react-server bench/sync-e2e.bench.ts [--invoices 300] [--no-audit] [--cpu-prof DIR]
//   --cpu-prof DIR  a V8 CPU profile of the measured drain only (not the set-up), written to DIR.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { createBenchDatabase } from "./sync-bench-db";

const arg = (name: string, d: number) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d);
const INVOICES = arg("invoices", 300);

const bench = await createBenchDatabase();
const { startEmulator } = await import("@/stripe-emulator");
const { generateScenario } = await import("@/stripe-emulator/scenario");
const { getDb, closeDb } = await import("@/lib/db");
const { storeEvents } = await import("@/features/stripe-sync/intake/store-events");
const { startEventProcessor } = await import("@/features/stripe-sync/processor/start-event-processor");
const { runReconciliation } = await import("@/features/stripe-sync/reconciliation/run-reconciliation");
const { onProjectionChanged } = await import("@/features/stripe-sync/processor/notifier");
const { registerAuditOnSync, incrementalAuditSettled } = await import("@/features/billing-audit/register-audit-on-sync");
const AUDIT = !process.argv.includes("--no-audit");
const PROFILE_DIR = process.argv.includes("--cpu-prof") ? process.argv[process.argv.indexOf("--cpu-prof") + 1] : null;
const profiler = PROFILE_DIR ? new Session() : null;

const emu = await startEmulator({ port: 0, seed: 5 });
process.env.STRIPE_API_BASE = emu.url;
try {
  generateScenario(emu.emulator, { seed: 5, invoices: INVOICES });
  const db = await getDb();
  // Load the inbox directly (intake is measured by sync-ack): events oldest first.
  // Every recorded event as a webhook would carry it (the events API only lists 30 days).
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
  const total = await db.stripeEvent.count();
  // The worker's incremental audit (register-audit-on-sync.ts), as start-background-work.ts subscribes it.
  let changes = 0;
  const offCount = onProjectionChanged(() => void changes++);
  const offAudit = AUDIT ? registerAuditOnSync(db) : () => {};
  const controller = new AbortController();
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const processors = [startEventProcessor(db, { signal: controller.signal, idleMs: 50 }), startEventProcessor(db, { signal: controller.signal, idleMs: 50 })];
  for (;;) {
    const left = await db.stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } });
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await incrementalAuditSettled();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (profiler && PROFILE_DIR) {
    const { profile } = await profiler.post("Profiler.stop");
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, `sync-e2e-${process.pid}.cpuprofile`), JSON.stringify(profile));
    profiler.disconnect();
  }
  controller.abort();
  await Promise.all(processors.map((p) => p.stopped));
  offAudit();
  offCount();
  const { Prisma } = await import("@prisma/client");
  const refetched = await db.stripeEvent.count({ where: { appliedObjects: { not: Prisma.DbNull } } });
  const rec = await runReconciliation(db);
  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
        invoices: INVOICES,
        events: total,
        seconds: +seconds.toFixed(1),
        eventsPerSecond: Math.round(total / seconds),
        cpuSecondsPer1000Events: +((cpuSeconds / total) * 1000).toFixed(2),
        audited: AUDIT,
        projectionChanges: changes,
        refetches: refetched,
        differences: rec.differences.length,
      },
      null,
      1,
    ),
  );
} finally {
  await emu.close();
  await closeDb();
  await bench.drop();
}
