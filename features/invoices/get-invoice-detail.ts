import "server-only";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

const dec = (d: { toString(): string } | null | undefined) => (d == null ? null : d.toString());

/**
 * One invoice of the signed-in customer with everything the detail page and the PDF show.
 * Every amount is Stripe's own number from the projection; nothing is recomputed here.
 * Not found and not yours are the same NotFoundError.
 */
export async function getInvoiceDetail(o: { customerIds: string[]; invoiceId: string; now?: Date }) {
  const db = await getDb();
  const inv = await db.invoice.findFirst({
    where: { id: o.invoiceId, customerId: { in: o.customerIds } },
    include: {
      customer: { select: { name: true, email: true, stripeId: true } },
      lines: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        include: {
          discounts: { orderBy: { discountId: "asc" } },
          taxes: { orderBy: { taxRateId: "asc" } },
          disputedLines: { where: { openLineKey: { not: null } }, select: { disputeId: true } },
        },
      },
      discounts: { orderBy: { discountId: "asc" } },
      taxes: { orderBy: { taxRateId: "asc" } },
      payments: { orderBy: [{ stripeCreated: "asc" }, { id: "asc" }] },
      creditNotes: { orderBy: [{ stripeCreated: "asc" }, { id: "asc" }], include: { lines: { orderBy: { position: "asc" } } } },
    },
  });
  if (!inv) throw new NotFoundError();

  const piIds = inv.payments.map((p) => p.paymentIntentStripeId).filter((x): x is string => !!x);
  const chIds = inv.payments.map((p) => p.chargeStripeId).filter((x): x is string => !!x);
  // The payment rows are read with the same ownership predicate as the invoice.
  const charges = piIds.length + chIds.length === 0 ? [] : await db.charge.findMany({
    where: {
      customerId: inv.customerId,
      OR: [{ paymentIntent: { stripeId: { in: piIds } } }, { stripeId: { in: chIds } }],
    },
    orderBy: [{ stripeCreated: "asc" }, { id: "asc" }],
    include: { paymentIntent: { select: { stripeId: true, lastDeclineCode: true, lastErrorCode: true } }, refunds: { orderBy: { stripeCreated: "asc" } } },
  });

  const now = o.now ?? new Date();
  const openDisputes = await db.dispute.count({ where: { invoiceId: inv.id, customerId: inv.customerId, status: { in: ["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER"] } } });
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status,
    currency: inv.currency,
    customer: inv.customer,
    created: inv.stripeCreated,
    finalizedAt: inv.finalizedAt,
    dueDate: inv.dueDate,
    paidAt: inv.paidAt,
    periodStart: inv.periodStart,
    periodEnd: inv.periodEnd,
    description: inv.description,
    overdue: inv.status === "OPEN" && !!inv.dueDate && inv.dueDate < now,
    payUrl: inv.status === "OPEN" && inv.amountRemaining > 0n ? inv.hostedInvoiceUrl : null,
    openDisputes,
    lines: inv.lines.map((l) => ({
      id: l.id,
      description: l.description,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      quantity: dec(l.quantity) ?? "0",
      unitAmountDecimal: dec(l.unitAmountDecimal),
      proration: l.proration,
      amount: l.amount,
      discounts: l.discounts.map((d) => ({ couponId: d.couponId ?? d.discountId, percentOff: dec(d.percentOff), amount: d.amount })),
      taxes: l.taxes.map((t) => ({ name: t.displayName, percentage: dec(t.percentage) ?? "0", inclusive: t.inclusive, amount: t.amount })),
      disputed: l.disputedLines.length > 0,
    })),
    totals: {
      subtotal: inv.subtotal,
      discounts: inv.discounts.map((d) => ({ couponId: d.couponId ?? d.discountId, percentOff: dec(d.percentOff), amount: d.amount })),
      taxes: inv.taxes.map((t) => ({ name: t.displayName, percentage: dec(t.percentage) ?? "0", inclusive: t.inclusive, amount: t.amount, taxableAmount: t.taxableAmount })),
      total: inv.total,
      prePaymentCreditNotes: inv.prePaymentCreditNotesAmount,
      postPaymentCreditNotes: inv.postPaymentCreditNotesAmount,
      startingBalance: inv.startingBalance,
      amountDue: inv.amountDue,
      amountPaid: inv.amountPaid,
      amountRemaining: inv.amountRemaining,
    },
    payments: charges.map((c) => ({
      id: c.id,
      created: c.stripeCreated,
      amount: c.amount,
      currency: c.currency,
      status: c.status,
      method: c.paymentMethodType,
      cardBrand: c.cardBrand,
      cardLast4: c.cardLast4,
      declineCode: c.declineCode ?? c.paymentIntent?.lastDeclineCode ?? c.failureCode ?? null,
      amountRefunded: c.amountRefunded,
      refunds: c.refunds.map((r) => ({ id: r.id, created: r.stripeCreated, amount: r.amount, currency: r.currency, status: r.status, reason: r.reason })),
    })),
    creditNotes: inv.creditNotes.map((cn) => ({
      id: cn.id,
      number: cn.number,
      status: cn.status,
      reason: cn.reason,
      memo: cn.memo,
      created: cn.stripeCreated,
      total: cn.total,
      refundAmount: cn.refundAmount,
      creditAmount: cn.creditAmount,
      lines: cn.lines.map((l) => ({ description: l.description, quantity: dec(l.quantity), amount: l.amount, taxAmount: l.taxAmount, discountAmount: l.discountAmount })),
    })),
  };
}

export type InvoiceDetail = Awaited<ReturnType<typeof getInvoiceDetail>>;
