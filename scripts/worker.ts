// `npm run worker`: the background work (startBackgroundWork) in a process of its own. Any number
// may run beside the web servers.
import { closeDb, getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startBackgroundWork } from "@/features/background/start-background-work";
import { env } from "@/lib/env";

// The embedded database belongs to one process (the web server's): a second one needs Postgres.
if (!env().DATABASE_URL) {
  console.error("%s needs DATABASE_URL (Postgres): the embedded database under .data/ can be opened by one process only, the web server.", "npm run worker");
  process.exit(1);
}

async function main() {
  // Create the client first: lib/db installs a SIGTERM handler that exits at once, and the
  // worker must instead finish the batch in flight, so it replaces that handler.
  const db = await getDb();
  const work = startBackgroundWork(db, {
    auditEveryMinutes: env().SETTLE_AUDIT_EVERY_MINUTES,
    pruneInboxEveryHours: env().SETTLE_PRUNE_INBOX_EVERY_HOURS,
    ...(process.env.WORKER_BATCH_SIZE ? { batchSize: Number(process.env.WORKER_BATCH_SIZE) } : {}),
    // How long a claim survives a crashed worker before another one may take the event.
    lockSeconds: Number(process.env.WORKER_LOCK_SECONDS ?? 60),
  });
  logger.info({ pid: process.pid }, "worker started");
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping after the batch in flight");
    await work.stop();
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
