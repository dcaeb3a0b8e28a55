// `npm run stripe:resync [-- --since 2026-01-01] [--no-drain]`: lists every resource and the
// missed events into the inbox (resumable), then drains the inbox unless --no-drain.
import { closeDb, getDb } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { withStripePriority } from "@/lib/stripe-budget";
import { runResync } from "@/features/stripe-sync/resync/run-resync";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";

const args = process.argv.slice(2);
const sinceArg = args.includes("--since") ? args[args.indexOf("--since") + 1] : undefined;
const since = sinceArg ? new Date(sinceArg) : undefined;
if (since && Number.isNaN(since.getTime())) {
  console.error(`--since must be a date such as 2026-01-01 (got ${sinceArg})`);
  process.exit(2);
}
try {
  // a bulk job: it waits behind people and event projection for the shared Stripe API budget
  const db = await getDb();
  const result = await withStripePriority("bulk", () => runResync(db, { since }));
  console.log(JSON.stringify(result));
  if (!args.includes("--no-drain")) console.log(JSON.stringify(await drainEvents(db)));
} catch (error) {
  if (error instanceof ConflictError && error.key === "desk.sync.resyncRunning")
    console.error(
      "resync not started: another resync is running (a web process, a worker or another stripe:resync); it is taken over 2 minutes after its process stops",
    );
  else console.error(`resync failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
