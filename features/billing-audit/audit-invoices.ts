import "server-only";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { loadAuditContexts, type LoadOptions } from "./load-audit-contexts";
import { resolveStaleFindings } from "./resolve-stale-findings";
import { runRules } from "./rules";
import { saveFindings } from "./save-findings";
import type { AuditContext, FindingDraft } from "./types";

export interface AuditResult {
  invoices: number;
  findings: FindingDraft[];
  created: number;
  resolved: number;
}

/** Runs every rule over the contexts; invoices where a rule threw are reported apart. */
export function runRulesOver(contexts: AuditContext[]): { findings: FindingDraft[]; failed: string[] } {
  const findings: FindingDraft[] = [];
  const failed: string[] = [];
  for (const ctx of contexts) {
    let ok = true;
    findings.push(
      ...runRules(ctx, (rule, err) => {
        ok = false;
        logger.warn({ rule, invoice: ctx.invoice.stripeId, err: err instanceof Error ? err.message : String(err) }, "audit rule failed");
      }),
    );
    if (!ok) failed.push(ctx.invoice.id);
  }
  return { findings, failed };
}

/**
 * Audits a batch of invoices: load contexts, run every rule, store the findings, and close the
 * open findings on these invoices that no longer fire.
 */
export async function auditInvoices(db: Db, invoiceIds: string[], opts: LoadOptions = {}): Promise<AuditResult> {
  const seenAt = new Date();
  // Only the configured key's mode: the other mode's invoices are not audited (nor closed).
  const contexts = await loadAuditContexts(db, invoiceIds, { chargeScope: "invoices", livemode: stripeLivemode(), ...opts });
  const { findings, failed } = runRulesOver(contexts);
  const { created } = await saveFindings(db, findings, seenAt);
  const resolved = await resolveStaleFindings(db, { seenAt, invoiceIds: contexts.map((c) => c.invoice.id), skipInvoiceIds: failed });
  return { invoices: contexts.length, findings, created, resolved: resolved.length };
}

/** The incremental check after one sync event touching an invoice. */
export async function auditInvoice(db: Db, invoiceId: string, opts: LoadOptions = {}): Promise<AuditResult> {
  return auditInvoices(db, [invoiceId], opts);
}
