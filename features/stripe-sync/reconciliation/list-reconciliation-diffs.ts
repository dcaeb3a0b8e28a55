import "server-only";
import type { Db } from "@/lib/db";

export type ListReconciliationDiffsOptions = { runId: string };
export type ListReconciliationRunsOptions = { limit?: number };

/** The differences one reconciliation run recorded. */
export async function listReconciliationDiffs(db: Db, options: ListReconciliationDiffsOptions) {
  return db.reconciliationDiff.findMany({ where: { runId: options.runId }, orderBy: [{ entityType: "asc" }, { stripeId: "asc" }, { field: "asc" }] });
}

export async function listReconciliationRuns(db: Db, options: ListReconciliationRunsOptions = {}) {
  return db.reconciliationRun.findMany({ orderBy: { startedAt: "desc" }, take: Math.min(options.limit ?? 20, 100) });
}
