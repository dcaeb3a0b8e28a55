import "server-only";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { runRulesOver } from "./audit-invoices";
import { auditRows } from "@/lib/pg-pool";
import { latestReconciliationRunId, loadAuditContexts } from "./load-audit-contexts";
import { resolveStaleFindings } from "./resolve-stale-findings";
import { saveFindings } from "./save-findings";
import type { AuditContext, AuditSettings } from "./types";

export interface SweepResult {
  invoices: number;
  findings: number;
  created: number;
  resolved: number;
  byRule: Record<string, number>;
  ms: number;
}

type Cursor = { customerId: string; created: string; id: string };

/**
 * Audits every invoice, streaming keyset batches in the order of the (customerId, stripeCreated,
 * id) index, so one customer's invoices and charges mostly land in one batch and no batch sorts
 * or skips. Memory stays bounded by the batch size. While one batch runs the rules, the next
 * ones load (Postgres and Node work side by side). At the end, open findings that this sweep
 * did not see again (every invoice was checked) are resolved. Only invoices of the configured
 * key's Stripe mode are audited (and only their findings resolved): the other mode is another
 * account's data, which reconciliation does not check either.
 */
export type FullSweepOptions = {
  batchSize?: number;
  prefetch?: number;
  now?: Date;
  settings?: AuditSettings;
  onBatch?: (done: number) => void;
  livemode?: boolean;
};

export async function runFullSweep(db: Db, opts: FullSweepOptions = {}): Promise<SweepResult> {
  const livemode = opts.livemode ?? stripeLivemode();
  const started = Date.now();
  const seenAt = new Date(started);
  const batchSize = opts.batchSize ?? 2000;
  const runId = await latestReconciliationRunId(db);
  const result: SweepResult = { invoices: 0, findings: 0, created: 0, resolved: 0, byRule: {}, ms: 0 };
  const failed: string[] = [];

  const nextPage = async (cursor: Cursor | null) =>
    auditRows<Cursor>(
      db,
      `SELECT "customerId", "stripeCreated"::text AS created, id FROM "Invoice"
       WHERE livemode = $1 ${cursor ? `AND ("customerId", "stripeCreated", id) > ($2, $3::timestamp, $4)` : ""}
       ORDER BY "customerId", "stripeCreated", id LIMIT ${Number(batchSize)}`,
      cursor ? [livemode, cursor.customerId, cursor.created, cursor.id] : [livemode],
    );
  type Batch = { contexts: AuditContext[] };
  // Pages are read one after another (each needs the previous cursor; index only, cheap); the
  // expensive context loads of up to `prefetch` batches run concurrently with the rules.
  let cursor: Cursor | null = null;
  let done = false;
  let pages: Promise<unknown> = Promise.resolve();
  const queue: Promise<Batch | null>[] = [];
  const enqueue = () => {
    const page = pages.then(async () => {
      if (done) return [];
      const rows = await nextPage(cursor);
      if (rows.length < batchSize) done = true;
      if (rows.length) cursor = rows[rows.length - 1];
      return rows;
    });
    pages = page.catch(() => undefined);
    const batch = page.then(async (rows) =>
      rows.length
        ? {
            contexts: await loadAuditContexts(
              db,
              rows.map((r) => r.id),
              { now: opts.now, settings: opts.settings, runId, chargeScope: "customer", livemode },
            ),
          }
        : null,
    );
    batch.catch(() => undefined); // awaited in turn below; this only keeps a later batch's failure from being "unhandled" meanwhile
    queue.push(batch);
  };
  for (let i = 0; i < (opts.prefetch ?? 2); i++) enqueue();
  for (;;) {
    const batch = await queue.shift()!;
    if (!batch) break;
    enqueue();
    const { findings, failed: f } = runRulesOver(batch.contexts);
    failed.push(...f);
    const { created } = await saveFindings(db, findings, seenAt);
    result.invoices += batch.contexts.length;
    result.findings += findings.length;
    result.created += created;
    for (const x of findings) result.byRule[x.rule] = (result.byRule[x.rule] ?? 0) + 1;
    opts.onBatch?.(result.invoices);
  }
  await Promise.allSettled(queue);
  result.resolved = (await resolveStaleFindings(db, { seenAt, skipInvoiceIds: failed, livemode })).length;
  result.ms = Date.now() - started;
  logger.info(
    { invoices: result.invoices, findings: result.findings, created: result.created, resolved: result.resolved, ms: result.ms },
    "billing audit sweep finished",
  );
  return result;
}
