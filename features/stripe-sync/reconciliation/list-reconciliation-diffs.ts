import "server-only";
import { getDb } from "@/lib/db";

/** The differences one reconciliation run recorded (for the desk page). */
export async function listReconciliationDiffs(runId: string) {
  const db = await getDb();
  return db.reconciliationDiff.findMany({ where: { runId }, orderBy: [{ entityType: "asc" }, { stripeId: "asc" }, { field: "asc" }] });
}

export async function listReconciliationRuns(opts: { limit?: number } = {}) {
  const db = await getDb();
  return db.reconciliationRun.findMany({ orderBy: { startedAt: "desc" }, take: Math.min(opts.limit ?? 20, 100) });
}
