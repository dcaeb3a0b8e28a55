import "server-only";
import { getDb, type Db } from "@/lib/db";
import { logger } from "@/lib/logger";

export interface SyncHealth {
  database: "ok" | "down";
  backlog: number | null;
  oldestUnprocessedAgeSeconds: number | null;
  failedEvents: number | null;
  lastEventReceivedAt: string | null;
  lastReconciliation: { at: string; differences: number; error: string | null } | null;
}

const databaseDown = (error: unknown): SyncHealth => {
  logger.error({ error: error instanceof Error ? error.name : "unknown" }, "health check: database unreachable");
  return { database: "down", backlog: null, oldestUnprocessedAgeSeconds: null, failedEvents: null, lastEventReceivedAt: null, lastReconciliation: null };
};

/** Aggregate numbers only (no personal data): safe for an unauthenticated health check. */
export async function getSyncHealth(db: Db): Promise<SyncHealth> {
  try {
    const [counts] = await db.$queryRaw<{ backlog: number; failed: number; oldest: Date | null; last: Date | null }[]>`
      SELECT (SELECT count(*)::int FROM "StripeEvent" WHERE status IN ('PENDING', 'PROCESSING')) AS backlog,
             (SELECT count(*)::int FROM "StripeEvent" WHERE status = 'FAILED') AS failed,
             (SELECT min("receivedAt") FROM "StripeEvent" WHERE status IN ('PENDING', 'PROCESSING')) AS oldest,
             (SELECT max("receivedAt") FROM "StripeEvent" WHERE source = 'webhook') AS last`;
    const run = await db.reconciliationRun.findFirst({ where: { finishedAt: { not: null } }, orderBy: { finishedAt: "desc" } });
    return {
      database: "ok",
      backlog: counts.backlog,
      oldestUnprocessedAgeSeconds: counts.oldest ? Math.max(0, Math.round((Date.now() - counts.oldest.getTime()) / 1000)) : null,
      failedEvents: counts.failed,
      lastEventReceivedAt: counts.last?.toISOString() ?? null,
      lastReconciliation: run ? { at: run.finishedAt!.toISOString(), differences: run.differences, error: run.error ? "failed" : null } : null,
    };
  } catch (error) {
    return databaseDown(error);
  }
}

/**
 * GET /api/health: 200 while the database answers, 503 when it does not; never cached. The
 * route's edge: it takes the database here (opening it may fail too, which is "down").
 */
export async function healthResponse(): Promise<Response> {
  const health = await getDb().then(getSyncHealth, databaseDown);
  return Response.json(health, { status: health.database === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
