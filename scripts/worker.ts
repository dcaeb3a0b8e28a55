// `npm run worker`: a separate event processor. Any number may run beside the web servers.
import { closeDb, getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startEventProcessor } from "@/features/stripe-sync/start-event-processor";
import { startOutboxDrainer } from "@/features/notifications/drain-outbox";
import { registerAuditOnSync } from "@/features/billing-audit/register-audit-on-sync";
import { startAuditSchedule } from "@/features/billing-audit/start-audit-schedule";
import { registerCorrectionsOnSync } from "@/features/corrections/register-corrections-on-sync";
import { startCorrectionRecovery } from "@/features/corrections/start-correction-recovery";
import { startSlaCheck } from "@/features/disputes/start-sla-check";
import { env } from "@/lib/env";

// The embedded database belongs to one process (the web server's): a second one needs Postgres.
if (!env().DATABASE_URL) {
  console.error("%s needs DATABASE_URL (Postgres): the embedded database under .data/ can be opened by one process only, the web server.", "npm run worker");
  process.exit(1);
}

async function main() {
  // Create the client first: lib/db installs a SIGTERM handler that exits at once, and the
  // worker must instead finish the batch in flight, so it replaces that handler.
  await getDb();
  const controller = new AbortController();
  // Every projection change this worker commits re-audits the touched invoice or customer
  // (subscribed before the processor starts, so none is missed).
  const stopAuditOnSync = registerAuditOnSync();
  // Credit-note and refund webhooks confirm corrections; corrections a crash left in SUBMITTING are settled.
  const stopCorrectionsOnSync = registerCorrectionsOnSync();
  const stopCorrectionRecovery = startCorrectionRecovery();
  const handle = startEventProcessor({
    signal: controller.signal,
    batchSize: Number(process.env.WORKER_BATCH_SIZE ?? 20),
    // How long a claim survives a crashed worker before another one may take the event.
    lockSeconds: Number(process.env.WORKER_LOCK_SECONDS ?? 60),
  });
  // The email outbox is drained here too (rows are claimed with SKIP LOCKED: safe beside web processes).
  const stopDrainer = startOutboxDrainer();
  // SLA due-soon and breached emails: every process may check, the outbox's dedupe keys send each once.
  const stopSlaCheck = startSlaCheck();
  // Full sweeps on a schedule; with several workers and web servers one sweeps at a time (advisory lock).
  const everyMinutes = env().SETTLE_AUDIT_EVERY_MINUTES;
  const stopAuditSchedule = everyMinutes > 0 ? startAuditSchedule({ everyMinutes }) : () => {};
  logger.info({ pid: process.pid }, "worker started");
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping after the batch in flight");
    controller.abort();
    stopAuditSchedule();
    stopAuditOnSync();
    stopCorrectionsOnSync();
    stopCorrectionRecovery();
    stopSlaCheck();
    await Promise.all([handle.stopped, stopDrainer()]);
    await closeDb();
    process.exit(0);
  };
  for (const s of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(s);
    process.on(s, () => void shutdown(s));
  }
}

main().catch((error) => {
  logger.fatal({ error: error instanceof Error ? error.message : String(error) }, "worker failed to start");
  process.exit(1);
});
