// `npm run stripe:reconcile`: compares Settle's projections with Stripe and lists every
// difference (also stored as a ReconciliationRun). Exit code 1 when there are differences.
import { closeDb, getDb } from "@/lib/db";
import { withStripePriority } from "@/lib/stripe-budget";
import { runReconciliation } from "@/features/stripe-sync/reconciliation/run-reconciliation";

try {
  // a bulk job: it waits behind people and event projection for the shared Stripe API budget
  const db = await getDb();
  const { runId, checked, differences } = await withStripePriority("bulk", () => runReconciliation(db));
  for (const d of differences) console.log(`${d.entityType} ${d.stripeId} ${d.field}: settle=${d.settleValue ?? "∅"} stripe=${d.stripeValue ?? "∅"}`);
  console.log(JSON.stringify({ runId, checked, differences: differences.length }));
  if (differences.length) process.exitCode = 1;
} catch (error) {
  console.error(`reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
