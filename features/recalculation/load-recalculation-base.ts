import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { loadAuditContexts } from "@/features/billing-audit/load-audit-contexts";
import { contractedTariff } from "./contracted-tariff";
import { explainPriceOf } from "@/features/billing-display/line-price";
import { invoiceInputFromProjection, storedInvoiceResult, type ProjectionInvoice } from "./from-projection";

const str = (v: { toString(): string } | null) => (v === null ? null : v.toString());

/**
 * Everything a recalculation starts from, for one invoice: the synced lines (with their
 * coupons and tax rates) as billing-math input, Stripe's stored figures as the original side,
 * and what the customer's contracted tariff would change. Callers check access first.
 */
export async function loadRecalculationBase(db: Db, options: { invoiceId: string }) {
  const row = await db.invoice.findUnique({
    where: { id: options.invoiceId },
    select: {
      id: true,
      stripeId: true,
      number: true,
      status: true,
      customerId: true,
      currency: true,
      subtotal: true,
      subtotalExcludingTax: true,
      total: true,
      totalExcludingTax: true,
      amountPaid: true,
      amountRemaining: true,
      discounts: { orderBy: { id: "asc" }, select: { discountId: true, couponId: true, percentOff: true, amountOff: true, amount: true } },
      taxes: {
        orderBy: { id: "asc" },
        select: { taxRateId: true, displayName: true, percentage: true, inclusive: true, amount: true, taxableAmount: true, taxabilityReason: true },
      },
      lines: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          stripeId: true,
          description: true,
          quantity: true,
          unitAmountDecimal: true,
          amount: true,
          priceId: true,
          productId: true,
          periodStart: true,
          periodEnd: true,
          proration: true,
          subscriptionItemId: true,
          // Stored in Stripe's order (one createMany per invoice): the ids sort the same way.
          discounts: { orderBy: { id: "asc" }, select: { discountId: true, couponId: true, percentOff: true, amountOff: true, scope: true, amount: true } },
          taxes: {
            orderBy: { id: "asc" },
            select: { taxRateId: true, displayName: true, percentage: true, inclusive: true, amount: true, taxableAmount: true, taxabilityReason: true },
          },
        },
      },
    },
  });
  if (!row) throw new NotFoundError("Invoice not found");
  // The lines' prices: tiered, package and proration lines are recalculated from them.
  const priceIds = [...new Set(row.lines.map((l) => l.priceId).filter((x): x is string => !!x))];
  const prices = new Map(
    (priceIds.length ? await db.price.findMany({ where: { id: { in: priceIds } } }) : []).map((p) => [
      p.id,
      explainPriceOf({ ...p, unitAmountDecimal: str(p.unitAmountDecimal) }),
    ]),
  );
  const projection: ProjectionInvoice = {
    currency: row.currency,
    subtotal: row.subtotal,
    subtotalExcludingTax: row.subtotalExcludingTax,
    total: row.total,
    totalExcludingTax: row.totalExcludingTax,
    discounts: row.discounts.map((d) => ({ ...d, percentOff: str(d.percentOff) })),
    taxes: row.taxes.map((t) => ({ ...t, percentage: t.percentage.toString() })),
    lines: row.lines.map((l) => ({
      stripeId: l.stripeId,
      description: l.description,
      quantity: l.quantity.toString(),
      unitAmountDecimal: str(l.unitAmountDecimal),
      amount: l.amount,
      priceId: l.priceId,
      productId: l.productId,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      proration: l.proration,
      subscriptionItemId: l.subscriptionItemId,
      price: (l.priceId && prices.get(l.priceId)) || null,
      discounts: l.discounts.map((d) => ({ ...d, percentOff: str(d.percentOff) })),
      taxes: l.taxes.map((t) => ({ ...t, percentage: t.percentage.toString() })),
    })),
  };
  const [ctx] = await loadAuditContexts(db, [row.id], { runId: null });
  const input = invoiceInputFromProjection(projection);
  return {
    invoice: {
      id: row.id,
      stripeId: row.stripeId,
      number: row.number,
      status: row.status,
      customerId: row.customerId,
      currency: row.currency,
      total: row.total,
      amountPaid: row.amountPaid,
      amountRemaining: row.amountRemaining,
    },
    lines: row.lines.map((l) => ({
      id: l.id,
      stripeId: l.stripeId,
      description: l.description,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      proration: l.proration,
    })),
    input,
    stored: storedInvoiceResult(projection),
    tariff: ctx ? contractedTariff(ctx, input) : null,
  };
}

export type RecalculationBase = Awaited<ReturnType<typeof loadRecalculationBase>>;
