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
  return auditInvoices(db, await customerInvoiceIds(db, customerId, opts), opts);
}

/** The customer's invoices auditCustomer re-audits: the newest 500 of the last `sinceDays`. */
export async function customerInvoiceIds(db: Db, customerId: string, opts: { sinceDays?: number } = {}): Promise<string[]> {
  const since = opts.sinceDays === undefined ? undefined : new Date(Date.now() - opts.sinceDays * 86_400_000);
  const rows = await db.invoice.findMany({
    where: { customerId, ...(since ? { stripeCreated: { gte: since } } : {}) },
    select: { id: true },
    orderBy: { stripeCreated: "desc" },
    take: 500,
  });
  return rows.map((r) => r.id);
}

/**
 * customerInvoiceIds for many customers in one indexed read (Invoice(customerId, stripeCreated)):
 * each customer's newest 500 invoices of the last `sinceDays`.
 */
export async function customersInvoiceIds(db: Db, customerIds: string[], sinceDays: number): Promise<string[]> {
  if (!customerIds.length) return [];
  const since = new Date(Date.now() - sinceDays * 86_400_000);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id FROM unnest(${customerIds}::text[]) AS c(id)
    CROSS JOIN LATERAL (
      SELECT id FROM "Invoice"
       WHERE "customerId" = c.id AND "stripeCreated" >= (${since.toISOString()}::timestamptz AT TIME ZONE 'UTC')
       ORDER BY "stripeCreated" DESC LIMIT 500) i`;
  return rows.map((r) => r.id);
}
