// `npm run worker`: a separate event processor. Any number may run beside the web servers.
import { closeDb, getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startEventProcessor } from "@/features/stripe-sync/start-event-processor";
import { startOutboxDrainer } from "@/features/notifications/drain-outbox";

async function main() {
  // Create the client first: lib/db installs a SIGTERM handler that exits at once, and the
  // worker must instead finish the batch in flight, so it replaces that handler.
  await getDb();
  const controller = new AbortController();
  const handle = startEventProcessor({
    signal: controller.signal,
    batchSize: Number(process.env.WORKER_BATCH_SIZE ?? 20),
    // How long a claim survives a crashed worker before another one may take the event.
    lockSeconds: Number(process.env.WORKER_LOCK_SECONDS ?? 60),
  });
  // The email outbox is drained here too (rows are claimed with SKIP LOCKED: safe beside web processes).
  const stopDrainer = startOutboxDrainer();
  logger.info({ pid: process.pid }, "worker started");
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping after the batch in flight");
    controller.abort();
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
