import "server-only";
import { getDb, type Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { latestReconciliationRunId, loadAuditContexts } from "./load-audit-contexts";
import { runRules } from "./rules";
import { saveFindings } from "./save-findings";
import type { AuditContext, AuditSettings } from "./types";

export interface SweepResult { invoices: number; findings: number; created: number; byRule: Record<string, number>; ms: number }

/**
 * Audits every invoice, streaming keyset batches ordered by (customerId, id) so one customer's
 * invoices and charges mostly land in one batch. Memory stays bounded by the batch size.
 */
export async function runFullSweep(opts: { db?: Db; batchSize?: number; now?: Date; settings?: AuditSettings; onBatch?: (done: number) => void } = {}): Promise<SweepResult> {
  const db = opts.db ?? (await getDb());
  const started = Date.now();
  const batchSize = opts.batchSize ?? 1000;
  const runId = await latestReconciliationRunId(db);
  const result: SweepResult = { invoices: 0, findings: 0, created: 0, byRule: {}, ms: 0 };
  type Batch = { last: { customerId: string; id: string } | null; contexts: AuditContext[]; full: boolean };
  const loadBatch = async (cursor: { customerId: string; id: string } | null): Promise<Batch> => {
    const page = await db.invoice.findMany({
      where: cursor ? { OR: [{ customerId: { gt: cursor.customerId } }, { customerId: cursor.customerId, id: { gt: cursor.id } }] } : {},
      orderBy: [{ customerId: "asc" }, { id: "asc" }],
      select: { id: true, customerId: true },
      take: batchSize,
    });
    const contexts = await loadAuditContexts(db, page.map((p) => p.id), { now: opts.now, settings: opts.settings, runId });
    return { last: page[page.length - 1] ?? null, contexts, full: page.length === batchSize };
  };
  // The next batch loads (database round trips) while this one runs the rules (CPU).
  let pending: Promise<Batch> | null = loadBatch(null);
  while (pending) {
    const batch: Batch = await pending;
    pending = batch.full ? loadBatch(batch.last) : null;
    const findings = batch.contexts.flatMap((ctx) =>
      runRules(ctx, (rule, err) => logger.warn({ rule, invoice: ctx.invoice.stripeId, err: err instanceof Error ? err.message : String(err) }, "audit rule failed")),
    );
    const { created } = await saveFindings(db, findings);
    result.invoices += batch.contexts.length;
    result.findings += findings.length;
    result.created += created;
    for (const f of findings) result.byRule[f.rule] = (result.byRule[f.rule] ?? 0) + 1;
    opts.onBatch?.(result.invoices);
  }
  result.ms = Date.now() - started;
  logger.info({ invoices: result.invoices, findings: result.findings, created: result.created, ms: result.ms }, "billing audit sweep finished");
  return result;
}
