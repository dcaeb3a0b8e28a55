// `tsx --conditions=react-server scripts/drain-outbox.ts`: sends every due outbox email once
// and exits (operations, and the e2e run where the in-process worker is off).
import { closeDb, getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { drainOutbox } from "@/features/notifications/drain-outbox";

async function main() {
  const db = await getDb();
  let total = { claimed: 0, sent: 0, failed: 0 };
  for (let i = 0; i < 50; i++) {
    const r = await drainOutbox(db);
    total = { claimed: total.claimed + r.claimed, sent: total.sent + r.sent, failed: total.failed + r.failed };
    if (r.claimed === 0) break;
  }
  process.stdout.write(`${JSON.stringify(total)}\n`);
  await closeDb();
}

main().catch(async (err) => {
  logger.fatal({ err }, "outbox drain failed");
  await closeDb();
  process.exit(1);
});
