// `npm run stripe:replay [-- --keep]`: rebuilds every projection from the inbox alone and
// prints the projection hash. --keep re-applies over existing rows instead of emptying them.
import { closeDb, getDb } from "@/lib/db";
import { replayEvents } from "@/features/stripe-sync/replay/replay-events";
import { hashProjections } from "@/features/stripe-sync/replay/hash-projections";

try {
  const db = await getDb();
  const before = await hashProjections(db);
  const result = await replayEvents(db, { reset: !process.argv.includes("--keep") });
  const after = await hashProjections(db);
  console.log(JSON.stringify({ ...result, hashBefore: before.hash, hashAfter: after.hash, equal: before.hash === after.hash }));
} catch (error) {
  console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
