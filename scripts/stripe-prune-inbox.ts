// `npm run stripe:prune-inbox [-- --compact-after-days 7] [--delete-after-days 90] [--full]`: applies the
// inbox retention policy (features/stripe-sync/retention/prune-inbox.ts): payloads of handled
// events cut to what sync still reads after N days, handled events that replay does not read
// deleted after M days. Safe to run at any time, from cron or by hand (daily); replay is
// unaffected. --full: compact every old event, not only those of the last M days (first run).
import { closeDb, getDb } from "@/lib/db";
import { pruneInbox } from "@/features/stripe-sync/retention/prune-inbox";

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};

try {
  const result = await pruneInbox(await getDb(), {
    compactAfterDays: arg("compact-after-days"),
    deleteAfterDays: arg("delete-after-days"),
    full: process.argv.includes("--full"),
  });
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`pruning failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
