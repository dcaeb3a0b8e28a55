import "server-only";
import type { Db } from "@/lib/db";
import { loadInvoiceDocs } from "./load-invoice-docs";
import { DEFAULT_SETTINGS, type AuditCharge, type AuditContext, type AuditDiff, type AuditSettings } from "./types";

// Builds audit contexts for a batch of invoices with a fixed number of queries per batch (no
// per-invoice round trips): invoices with lines, customers, tariffs, contracted discounts,
// the charges that paid them plus the customer's other charges near those, their refunds,
// which invoices every charge is recorded against, and the latest reconciliation's diffs.

const str = (v: { toString(): string } | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());

const CHARGE_SELECT = {
  id: true, stripeId: true, customerId: true, amount: true, amountRefunded: true, currency: true, status: true, disputed: true, stripeCreated: true,
  paymentIntent: { select: { stripeId: true } },
} as const;

export interface LoadOptions {
  now?: Date;
  settings?: AuditSettings;
  /** The reconciliation run whose diffs apply; undefined = look up the latest finished run. */
  runId?: string | null;
}

export async function latestReconciliationRunId(db: Db): Promise<string | null> {
  const run = await db.reconciliationRun.findFirst({ where: { finishedAt: { not: null }, error: null }, orderBy: { startedAt: "desc" }, select: { id: true } });
  return run?.id ?? null;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export async function loadAuditContexts(db: Db, invoiceIds: string[], opts: LoadOptions = {}): Promise<AuditContext[]> {
  if (!invoiceIds.length) return [];
  const now = opts.now ?? new Date();
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const invoices = await loadInvoiceDocs(db, invoiceIds);
  const customerIds = [...new Set(invoices.map((i) => i.customerId))];
  const piIds = [...new Set(invoices.flatMap((i) => i.payments.map((p) => p.paymentIntentStripeId).filter((x): x is string => !!x)))];
  const chIds = [...new Set(invoices.flatMap((i) => i.payments.map((p) => p.chargeStripeId).filter((x): x is string => !!x)))];

  const [customers, tariffs, discounts, linked, runId] = await Promise.all([
    db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, stripeId: true, currency: true, deleted: true } }),
    db.tariff.findMany({ where: { customerId: { in: customerIds }, retiredAt: null } }),
    db.contractedDiscount.findMany({ where: { customerId: { in: customerIds }, retiredAt: null } }),
    piIds.length || chIds.length
      ? db.charge.findMany({ where: { OR: [{ paymentIntent: { stripeId: { in: piIds } } }, { stripeId: { in: chIds } }] }, select: CHARGE_SELECT })
      : Promise.resolve([]),
    opts.runId !== undefined ? Promise.resolve(opts.runId) : latestReconciliationRunId(db),
  ]);

  // Other charges of the same customers close to the ones that paid (duplicates live there).
  const windows = new Map<string, { from: number; to: number }>();
  for (const c of linked) {
    if (!c.customerId) continue;
    const t = c.stripeCreated.getTime();
    const w = windows.get(c.customerId);
    windows.set(c.customerId, { from: Math.min(w?.from ?? t, t), to: Math.max(w?.to ?? t, t) });
  }
  const nearby = (
    await Promise.all(
      chunks([...windows], 500).map((part) =>
        db.charge.findMany({
          where: { OR: part.map(([customerId, w]) => ({ customerId, stripeCreated: { gte: new Date(w.from - settings.duplicateWindowMs), lte: new Date(w.to + settings.duplicateWindowMs) } })) },
          select: CHARGE_SELECT,
        }),
      ),
    )
  ).flat();
  const charges = new Map([...linked, ...nearby].map((c) => [c.stripeId, c]));
  const allCharges = [...charges.values()];
  const chargePis = allCharges.map((c) => c.paymentIntent?.stripeId).filter((x): x is string => !!x);
  const [links, refunds] = await Promise.all([
    allCharges.length
      ? db.invoicePayment.findMany({
          where: { OR: [{ paymentIntentStripeId: { in: chargePis } }, { chargeStripeId: { in: allCharges.map((c) => c.stripeId) } }] },
          select: { paymentIntentStripeId: true, chargeStripeId: true, invoice: { select: { stripeId: true } } },
        })
      : Promise.resolve([]),
    allCharges.length ? db.refund.findMany({ where: { chargeId: { in: allCharges.map((c) => c.id) } }, select: { stripeId: true, amount: true, currency: true, status: true, charge: { select: { stripeId: true } } } }) : Promise.resolve([]),
  ]);
  const invoicesOf = new Map<string, Set<string>>();
  const link = (key: string | null, inv: string) => { if (key) invoicesOf.set(key, (invoicesOf.get(key) ?? new Set()).add(inv)); };
  for (const l of links) { link(l.paymentIntentStripeId, l.invoice.stripeId); link(l.chargeStripeId, l.invoice.stripeId); }

  const diffs: AuditDiff[] = runId
    ? (
        await db.reconciliationDiff.findMany({
          where: { runId, stripeId: { in: [...invoices.map((i) => i.stripeId), ...allCharges.map((c) => c.stripeId), ...refunds.map((r) => r.stripeId)] } },
          select: { runId: true, entityType: true, stripeId: true, field: true, settleValue: true, stripeValue: true },
        })
      )
    : [];

  const customerById = new Map(customers.map((c) => [c.id, c]));
  const byCustomer = <T extends { customerId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.customerId, [...(m.get(r.customerId) ?? []), r]);
    return m;
  };
  const tariffsBy = byCustomer(tariffs);
  const discountsBy = byCustomer(discounts);
  const auditCharges: (AuditCharge & { customerId: string | null })[] = allCharges.map((c) => ({
    customerId: c.customerId,
    stripeId: c.stripeId, paymentIntentStripeId: c.paymentIntent?.stripeId ?? null, amount: c.amount, amountRefunded: c.amountRefunded,
    currency: c.currency, status: c.status, disputed: c.disputed, stripeCreated: c.stripeCreated,
    invoiceStripeIds: [...new Set([...(invoicesOf.get(c.stripeId) ?? []), ...(c.paymentIntent ? (invoicesOf.get(c.paymentIntent.stripeId) ?? []) : [])])],
  }));
  const chargesBy = new Map<string, AuditCharge[]>();
  for (const c of auditCharges) if (c.customerId) chargesBy.set(c.customerId, [...(chargesBy.get(c.customerId) ?? []), c]);
  const auditRefunds = refunds.map((r) => ({ stripeId: r.stripeId, chargeStripeId: r.charge?.stripeId ?? null, amount: r.amount, currency: r.currency, status: r.status }));
  const diffsBy = new Map<string, AuditDiff[]>();
  for (const d of diffs) diffsBy.set(d.stripeId, [...(diffsBy.get(d.stripeId) ?? []), d]);

  const out: AuditContext[] = [];
  for (const inv of invoices) {
    const customer = customerById.get(inv.customerId);
    if (!customer) continue;
    const custCharges = chargesBy.get(inv.customerId) ?? [];
    const mine = custCharges.filter((c) => c.invoiceStripeIds.includes(inv.stripeId)).map((c) => c.stripeId);
    const chargeIds = new Set(custCharges.map((c) => c.stripeId));
    const custRefunds = auditRefunds.filter((r) => r.chargeStripeId && chargeIds.has(r.chargeStripeId));
    out.push({
      now,
      settings,
      customer,
      invoice: inv,
      tariffs: (tariffsBy.get(inv.customerId) ?? []).map((t) => ({ id: t.id, priceId: t.priceId, productId: t.productId, currency: t.currency, unitAmountDecimal: t.unitAmountDecimal.toString(), validFrom: t.validFrom, validTo: t.validTo })),
      contractDiscounts: (discountsBy.get(inv.customerId) ?? []).map((d) => ({
        id: d.id, scope: d.scope === "invoice" ? "invoice" : "line", priceId: d.priceId, productId: d.productId, couponId: d.couponId,
        percentOff: str(d.percentOff), amountOffMinor: d.amountOffMinor, validFrom: d.validFrom, validTo: d.validTo,
      })),
      charges: custCharges,
      refunds: custRefunds,
      diffs: [inv.stripeId, ...mine, ...custRefunds.filter((r) => r.chargeStripeId && mine.includes(r.chargeStripeId)).map((r) => r.stripeId)].flatMap((id) => diffsBy.get(id) ?? []),
    });
  }
  return out;
}
