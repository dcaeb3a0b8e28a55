import "server-only";
import type { Db } from "@/lib/db";
import { totalsByCurrency } from "@/lib/money";
import { explainDecline } from "@/features/payments/explain-decline";
import { openStatuses } from "@/features/disputes/state-machine";

/**
 * The customer's landing page: balance due per currency (Stripe's amount_remaining of open
 * invoices, summed per currency and never across currencies), overdue invoices, the next due
 * date, latest payments, open disputes and corrections issued on their bills.
 */
export type GetPortalOverviewOptions = { customerIds: string[]; now?: Date };

export async function getPortalOverview(db: Db, o: GetPortalOverviewOptions) {
  const now = o.now ?? new Date();
  const mine = { customerId: { in: o.customerIds } };
  const [dueRows, overdue, nextDue, payments, disputes, corrections, accounts, credited, applied] = await Promise.all([
    db.invoice.groupBy({ by: ["currency"], where: { ...mine, status: "OPEN" }, _sum: { amountRemaining: true }, _count: { _all: true } }),
    db.invoice.findMany({
      where: { ...mine, status: "OPEN", dueDate: { lt: now }, amountRemaining: { gt: 0 } },
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: 10,
      select: { id: true, number: true, currency: true, amountRemaining: true, dueDate: true },
    }),
    // The next invoice to pay: the earliest upcoming due date, or, failing that, an open invoice
    // without one (charged automatically, or payable now) — never "no upcoming due dates" while
    // the balance card shows money due.
    db.invoice.findFirst({
      where: { ...mine, status: "OPEN", amountRemaining: { gt: 0 }, OR: [{ dueDate: { gte: now } }, { dueDate: null }] },
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      select: { id: true, number: true, currency: true, amountRemaining: true, dueDate: true },
    }),
    db.charge.findMany({
      where: mine,
      orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
      take: 5,
      select: {
        id: true,
        stripeCreated: true,
        amount: true,
        amountRefunded: true,
        currency: true,
        status: true,
        cardBrand: true,
        cardLast4: true,
        declineCode: true,
        failureCode: true,
      },
    }),
    db.dispute.findMany({
      where: { ...mine, status: { in: [...openStatuses] } },
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
    // Stripe's customer.balance (negative = credit the next invoices use up), as projected.
    db.customer.findMany({ where: { id: { in: o.customerIds } }, select: { id: true, balance: true, currency: true } }),
    // Its history: credit notes that put money on the balance, invoices that used it.
    db.creditNote.findMany({
      where: { ...mine, status: "ISSUED", creditAmount: { gt: 0 } },
      orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, number: true, creditAmount: true, currency: true, stripeCreated: true, invoice: { select: { id: true, number: true } } },
    }),
    db.invoice.findMany({
      where: { ...mine, startingBalance: { not: 0 }, status: { in: ["OPEN", "PAID", "UNCOLLECTIBLE"] } },
      orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, number: true, startingBalance: true, currency: true, stripeCreated: true, finalizedAt: true },
    }),
  ]);
  const balanceHistory = [
    ...credited.map((c) => ({
      key: `cn:${c.id}`,
      kind: "credit" as const,
      at: c.stripeCreated,
      amount: c.creditAmount,
      currency: c.currency,
      document: { href: `/credit-notes/${c.id}`, number: c.number },
      invoice: c.invoice,
    })),
    // starting_balance < 0 is credit the invoice used (it lowers what is due); > 0 is a debit carried in.
    ...applied.map((i) => ({
      key: `in:${i.id}`,
      kind: i.startingBalance < 0n ? ("applied" as const) : ("debit" as const),
      at: i.finalizedAt ?? i.stripeCreated,
      amount: i.startingBalance < 0n ? -i.startingBalance : i.startingBalance,
      currency: i.currency,
      document: null,
      invoice: { id: i.id, number: i.number },
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.key.localeCompare(b.key))
    .slice(0, 10);
  const balance = totalsByCurrency(dueRows.map((r) => ({ amount: r._sum.amountRemaining ?? 0n, currency: r.currency })));
  return {
    balanceDue: [...balance]
      .filter(([, amount]) => amount !== 0n)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount })),
    openInvoiceCount: dueRows.reduce((n, r) => n + r._count._all, 0),
    /** Per customer account with a balance: credit > 0 is money the next invoices use first. */
    accountCredit: accounts
      .filter((a) => a.balance !== 0n && a.currency)
      .map((a) => ({ customerId: a.id, currency: a.currency!, credit: -a.balance }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    balanceHistory,
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
