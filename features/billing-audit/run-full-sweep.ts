import "server-only";
import { getDb, type Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { auditInvoices } from "./audit-invoices";
import { latestReconciliationRunId } from "./load-audit-contexts";
import type { AuditSettings } from "./types";

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
  let after: { customerId: string; id: string } | null = null;
  for (;;) {
    const cursor: { customerId: string; id: string } | null = after;
    const page: { id: string; customerId: string }[] = await db.invoice.findMany({
      where: cursor ? { OR: [{ customerId: { gt: cursor.customerId } }, { customerId: cursor.customerId, id: { gt: cursor.id } }] } : {},
      orderBy: [{ customerId: "asc" }, { id: "asc" }],
      select: { id: true, customerId: true },
      take: batchSize,
    });
    if (!page.length) break;
    const r = await auditInvoices(page.map((p) => p.id), { db, now: opts.now, settings: opts.settings, runId });
    result.invoices += r.invoices;
    result.findings += r.findings.length;
    result.created += r.created;
    for (const f of r.findings) result.byRule[f.rule] = (result.byRule[f.rule] ?? 0) + 1;
    opts.onBatch?.(result.invoices);
    after = page[page.length - 1];
    if (page.length < batchSize) break;
  }
  result.ms = Date.now() - started;
  logger.info({ invoices: result.invoices, findings: result.findings, created: result.created, ms: result.ms }, "billing audit sweep finished");
  return result;
}
