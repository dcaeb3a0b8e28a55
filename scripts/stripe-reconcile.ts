// `npm run stripe:reconcile`: compares Settle's projections with Stripe and lists every
// difference (also stored as a ReconciliationRun). Exit code 1 when there are differences.
// A run that stopped part-way (a crash, a restart, Stripe failing it) is continued from its last
// page; `--fresh` starts a new one instead.
import { closeDb, getDb } from "@/lib/db";
import { withStripePriority } from "@/lib/stripe-budget";
import { runReconciliation } from "@/features/stripe-sync/reconciliation/run-reconciliation";

try {
  // a bulk job: it waits behind people and event projection for the shared Stripe API budget
  const db = await getDb();
  const resume = !process.argv.includes("--fresh");
  const { runId, checked, differences, resumed } = await withStripePriority("bulk", () => runReconciliation(db, { resume }));
  for (const d of differences) console.log(`${d.entityType} ${d.stripeId} ${d.field}: settle=${d.settleValue ?? "∅"} stripe=${d.stripeValue ?? "∅"}`);
  console.log(JSON.stringify({ runId, resumed, checked, differences: differences.length }));
  if (differences.length) process.exitCode = 1;
} catch (error) {
  console.error(`reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
