// `npm run stripe:replay [-- --keep]`: rebuilds every projection from the inbox alone and
// prints the projection hash. --keep re-applies over existing rows instead of emptying them.
import { closeDb } from "@/lib/db";
import { replayEvents } from "@/features/stripe-sync/replay/replay-events";
import { hashProjections } from "@/features/stripe-sync/replay/hash-projections";

try {
  const before = await hashProjections();
  const result = await replayEvents({ reset: !process.argv.includes("--keep") });
  const after = await hashProjections();
  console.log(JSON.stringify({ ...result, hashBefore: before.hash, hashAfter: after.hash, equal: before.hash === after.hash }));
} catch (error) {
  console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
