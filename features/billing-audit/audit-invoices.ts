import "server-only";
import { getDb, type Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { loadAuditContexts, type LoadOptions } from "./load-audit-contexts";
import { runRules } from "./rules";
import { saveFindings } from "./save-findings";
import type { FindingDraft } from "./types";

export interface AuditResult { invoices: number; findings: FindingDraft[]; created: number }

/** Audits a batch of invoices: load contexts, run every rule, store the findings. */
export async function auditInvoices(invoiceIds: string[], opts: LoadOptions & { db?: Db } = {}): Promise<AuditResult> {
  const db = opts.db ?? (await getDb());
  const contexts = await loadAuditContexts(db, invoiceIds, opts);
  const findings = contexts.flatMap((ctx) =>
    runRules(ctx, (rule, err) => logger.warn({ rule, invoice: ctx.invoice.stripeId, err: err instanceof Error ? err.message : String(err) }, "audit rule failed")),
  );
  const { created } = await saveFindings(db, findings);
  return { invoices: contexts.length, findings, created };
}

/** The incremental check after one sync event touching an invoice. */
export async function auditInvoice(invoiceId: string, opts: LoadOptions & { db?: Db } = {}): Promise<AuditResult> {
  return auditInvoices([invoiceId], opts);
}
