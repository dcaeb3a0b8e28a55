import "server-only";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { STALE_RUN_MS } from "../reconciliation/start-reconciliation";

export type RunStatus = "running" | "clean" | "differences" | "failed" | "abandoned";

/**
 * The reconciliation desk page: recent runs and the differences of one of them (the chosen
 * run, else the latest finished one). Differences are capped per page; the count is exact.
 */
export async function getReconciliationDesk(db: Db, opts: { actor: Actor; runId?: string | null; diffLimit?: number }) {
  assertStaff(opts.actor, "AGENT");
  const runs = await db.reconciliationRun.findMany({ orderBy: { startedAt: "desc" }, take: 20 });
  const now = Date.now();
  const statusOf = (r: (typeof runs)[number]): RunStatus =>
    r.finishedAt === null
      ? now - (r.progressAt ?? r.startedAt).getTime() > STALE_RUN_MS
        ? "abandoned"
        : "running"
      : r.error
        ? "failed"
        : r.differences > 0
          ? "differences"
          : "clean";
  const rows = runs.map((r) => ({
    id: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    checked: r.checked,
    differences: r.differences,
    status: statusOf(r),
  }));
  const selected = (opts.runId ? rows.find((r) => r.id === opts.runId) : undefined) ?? rows.find((r) => r.finishedAt !== null) ?? null;
  const diffs = selected
    ? await db.reconciliationDiff.findMany({
        where: { runId: selected.id },
        orderBy: [{ entityType: "asc" }, { stripeId: "asc" }, { field: "asc" }],
        take: Math.min(opts.diffLimit ?? 500, 2000),
        select: { id: true, entityType: true, stripeId: true, field: true, settleValue: true, stripeValue: true },
      })
    : [];
  // Runs compare the configured key's mode only (see run-reconciliation.ts).
  return { runs: rows, selected, diffs, running: rows.some((r) => r.status === "running"), livemode: stripeLivemode() };
}
