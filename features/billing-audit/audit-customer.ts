import "server-only";
import type { Db } from "@/lib/db";
import { auditInvoices, type AuditResult } from "./audit-invoices";
import type { LoadOptions } from "./load-audit-contexts";

/**
 * Re-audits a customer's recent invoices after a charge, refund or tariff change touched them
 * (a new charge can make an older invoice's payment look duplicated). `sinceDays` bounds it.
 */
export type AuditCustomerOptions = LoadOptions & { sinceDays?: number };

export async function auditCustomer(db: Db, customerId: string, opts: AuditCustomerOptions = {}): Promise<AuditResult> {
  const since = opts.sinceDays === undefined ? undefined : new Date(Date.now() - opts.sinceDays * 86_400_000);
  const rows = await db.invoice.findMany({
    where: { customerId, ...(since ? { stripeCreated: { gte: since } } : {}) },
    select: { id: true },
    orderBy: { stripeCreated: "desc" },
    take: 500,
  });
  return auditInvoices(
    db,
    rows.map((r) => r.id),
    opts,
  );
}
