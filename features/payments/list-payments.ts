import "server-only";
import type { Db } from "@/lib/db";
import { stripePageUrl } from "@/lib/stripe";
import { afterTimeCursor, decodeTimeCursor, timeCursorOrder, timePage } from "@/features/billing-display/time-cursor";
import { explainDecline } from "./explain-decline";

/**
 * Every payment attempt (charge) of the signed-in customer, newest first, keyset-paginated on
 * (stripeCreated, id) both ways (next and previous page). Failures carry the catalog key that explains them in plain words.
 */
export type ListPaymentsOptions = { customerIds: string[]; cursor?: string | null; limit?: number };

export async function listPayments(db: Db, o: ListPaymentsOptions) {
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
  const cursor = decodeTimeCursor(o.cursor);
  const rows = await db.charge.findMany({
    where: {
      customerId: { in: o.customerIds },
      ...afterTimeCursor(cursor),
    },
    orderBy: timeCursorOrder(cursor),
    take: limit + 1,
    include: { paymentIntent: { select: { stripeId: true, lastDeclineCode: true } }, refunds: { select: { amount: true, status: true } } },
  });
  const { page, nextCursor, prevCursor, isFirstPage } = timePage(rows, limit, cursor);
  const piIds = page.map((r) => r.paymentIntent?.stripeId).filter((x): x is string => !!x);
  const links = piIds.length
    ? await db.invoicePayment.findMany({
        where: { paymentIntentStripeId: { in: piIds }, invoice: { customerId: { in: o.customerIds } } },
        select: { paymentIntentStripeId: true, invoice: { select: { id: true, number: true, status: true, amountRemaining: true, hostedInvoiceUrl: true } } },
      })
    : [];
  const invoiceByPi = new Map(links.map((l) => [l.paymentIntentStripeId, l.invoice]));
  // A charge recorded against no invoice that the billing audit found to repeat an invoice's
  // payment (a duplicate charge) belongs to that invoice for the customer: link it by the
  // finding's fingerprint (unique, indexed), which names the charge.
  const unlinked = page.filter((c) => !(c.paymentIntent && invoiceByPi.has(c.paymentIntent.stripeId)));
  const duplicates = unlinked.length
    ? await db.finding.findMany({
        where: {
          fingerprint: { in: unlinked.map((c) => `duplicate_charge:${c.stripeId}`) },
          customerId: { in: o.customerIds },
          invoice: { customerId: { in: o.customerIds } },
        },
        select: { fingerprint: true, invoice: { select: { id: true, number: true } } },
      })
    : [];
  const duplicateOf = new Map(duplicates.filter((f) => f.invoice).map((f) => [f.fingerprint.slice("duplicate_charge:".length), f.invoice!]));
  // A declined payment of an invoice that is still unpaid is retried on Stripe's hosted
  // invoice page, where the customer can use another card.
  const retryUrl = (failed: boolean, inv: (typeof links)[number]["invoice"] | null | undefined) =>
    failed && inv && inv.status === "OPEN" && inv.amountRemaining > 0n ? stripePageUrl(inv.hostedInvoiceUrl) : null;
  return {
    items: page.map((c) => {
      const failed = c.status === "failed";
      const inv = c.paymentIntent ? invoiceByPi.get(c.paymentIntent.stripeId) : undefined;
      const code = c.declineCode ?? c.paymentIntent?.lastDeclineCode ?? c.failureCode ?? null;
      return {
        id: c.id,
        created: c.stripeCreated,
        amount: c.amount,
        amountRefunded: c.amountRefunded,
        currency: c.currency,
        status: c.status,
        method: c.paymentMethodType,
        cardBrand: c.cardBrand,
        cardLast4: c.cardLast4,
        declineCode: failed ? code : null,
        explanation: explainDecline(code, failed),
        invoice: (inv ? { id: inv.id, number: inv.number } : undefined) ?? duplicateOf.get(c.stripeId) ?? null,
        /** A second charge for an invoice already paid (the billing audit's duplicate_charge finding). */
        duplicate: duplicateOf.has(c.stripeId),
        retryUrl: retryUrl(failed, inv),
      };
    }),
    nextCursor,
    prevCursor,
    isFirstPage,
  };
}

export type PaymentListItem = Awaited<ReturnType<typeof listPayments>>["items"][number];
