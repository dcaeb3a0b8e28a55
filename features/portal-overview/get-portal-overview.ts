import "server-only";
import { getDb } from "@/lib/db";
import { totalsByCurrency } from "@/lib/money";
import { explainDecline } from "@/features/payments/explain-decline";

const OPEN_DISPUTE = ["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER"] as const;

/**
 * The customer's landing page: balance due per currency (Stripe's amount_remaining of open
 * invoices, summed per currency and never across currencies), overdue invoices, the next due
 * date, latest payments, open disputes and corrections issued on their bills.
 */
export async function getPortalOverview(o: { customerIds: string[]; now?: Date }) {
  const now = o.now ?? new Date();
  const db = await getDb();
  const mine = { customerId: { in: o.customerIds } };
  const [dueRows, overdue, nextDue, payments, disputes, corrections] = await Promise.all([
    db.invoice.groupBy({ by: ["currency"], where: { ...mine, status: "OPEN" }, _sum: { amountRemaining: true }, _count: { _all: true } }),
    db.invoice.findMany({
      where: { ...mine, status: "OPEN", dueDate: { lt: now }, amountRemaining: { gt: 0 } },
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: 10,
      select: { id: true, number: true, currency: true, amountRemaining: true, dueDate: true },
    }),
    db.invoice.findFirst({
      where: { ...mine, status: "OPEN", dueDate: { gte: now }, amountRemaining: { gt: 0 } },
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      select: { id: true, number: true, currency: true, amountRemaining: true, dueDate: true },
    }),
    db.charge.findMany({
      where: mine,
      orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, stripeCreated: true, amount: true, amountRefunded: true, currency: true, status: true, cardBrand: true, cardLast4: true, declineCode: true, failureCode: true },
    }),
    db.dispute.findMany({
      where: { ...mine, status: { in: [...OPEN_DISPUTE] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, number: true, status: true, createdAt: true, resolutionDueAt: true, invoice: { select: { id: true, number: true } } },
    }),
    db.correction.findMany({
      where: { status: "ISSUED", invoice: mine },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, kind: true, currency: true, amountMinor: true, issuedAt: true, invoice: { select: { id: true, number: true } } },
    }),
  ]);
  const balance = totalsByCurrency(dueRows.map((r) => ({ amount: r._sum.amountRemaining ?? 0n, currency: r.currency })));
  return {
    balanceDue: [...balance].filter(([, amount]) => amount !== 0n).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
    openInvoiceCount: dueRows.reduce((n, r) => n + r._count._all, 0),
    overdue,
    nextDue,
    payments: payments.map((p) => ({
      ...p,
      created: p.stripeCreated,
      explanation: explainDecline(p.declineCode ?? p.failureCode, p.status === "failed"),
    })),
    disputes,
    corrections,
  };
}

export type PortalOverview = Awaited<ReturnType<typeof getPortalOverview>>;
