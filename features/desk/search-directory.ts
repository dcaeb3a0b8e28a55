import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";

export const directorySearchSchema = z.object({ q: z.string().trim().max(200).default("") });

const TAKE = 25;
const customerSelect = { id: true, name: true, email: true, stripeId: true } as const;
const invoiceSelect = {
  id: true,
  number: true,
  stripeId: true,
  status: true,
  total: true,
  currency: true,
  stripeCreated: true,
  customer: { select: customerSelect },
} as const;

/**
 * The desk's customer and invoice directory. One box takes what a caller quotes: an email or
 * name (customers, partial, any case), an invoice number (partial) or id (in_…), a charge id
 * (ch_…/py_…: its customer and the invoices it paid) or a dispute number (D-000123 or 123). A
 * customer's match brings their invoices along.
 * Empty → the newest customers and invoices. Staff only.
 */
export async function searchDirectory(db: Db, options: { actor: Actor; input: { q?: string } }) {
  assertStaff(options.actor);
  const parsed = directorySearchSchema.safeParse(options.input);
  const q = parsed.success ? parsed.data.q : "";
  const disputeNumber = /^d-?0*(\d{1,9})$/i.exec(q)?.[1] ?? (/^\d{1,9}$/.test(q) ? q : null);
  const isCharge = /^(ch|py)_\w+$/.test(q);
  const [customers, invoices, disputes, charge] = await Promise.all([
    db.customer.findMany({
      where: q ? { OR: [{ email: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }, { stripeId: q }] } : {},
      orderBy: [{ stripeCreated: "desc" }, { id: "asc" }],
      take: TAKE,
      select: customerSelect,
    }),
    db.invoice.findMany({
      // An invoice matches by its number or id, or by its customer's email or name (a caller who gives their email wants their invoices too).
      where: q
        ? {
            OR: [
              { number: { contains: q, mode: "insensitive" } },
              { stripeId: q },
              { customer: { OR: [{ email: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }] } },
            ],
          }
        : {},
      orderBy: [{ stripeCreated: "desc" }, { id: "asc" }],
      take: TAKE,
      select: invoiceSelect,
    }),
    disputeNumber
      ? db.dispute.findMany({
          where: { number: Number(disputeNumber) },
          select: {
            id: true,
            number: true,
            status: true,
            reason: true,
            customer: { select: customerSelect },
            invoice: { select: { id: true, number: true, stripeId: true } },
          },
        })
      : Promise.resolve([]),
    isCharge
      ? db.charge.findUnique({
          where: { stripeId: q },
          select: {
            stripeId: true,
            amount: true,
            currency: true,
            status: true,
            customer: { select: customerSelect },
            paymentIntent: { select: { stripeId: true } },
          },
        })
      : Promise.resolve(null),
  ]);
  // A charge leads to its customer and to the invoices it paid (by charge or payment intent).
  let chargeInvoices: typeof invoices = [];
  if (charge) {
    const payments = await db.invoicePayment.findMany({
      where: { OR: [{ chargeStripeId: charge.stripeId }, ...(charge.paymentIntent ? [{ paymentIntentStripeId: charge.paymentIntent.stripeId }] : [])] },
      select: { invoiceId: true },
    });
    chargeInvoices = await db.invoice.findMany({ where: { id: { in: payments.map((p) => p.invoiceId) } }, select: invoiceSelect });
  }
  const byId = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
  return {
    q,
    customers: byId([...(charge?.customer ? [charge.customer] : []), ...disputes.map((d) => d.customer), ...customers]),
    invoices: byId([...chargeInvoices, ...invoices]),
    disputes,
    charge: charge && { stripeId: charge.stripeId, amount: charge.amount, currency: charge.currency, status: charge.status },
  };
}
