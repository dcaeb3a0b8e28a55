import "server-only";
import type { Db } from "@/lib/db";
import { auditRows, dateOf, epochMs } from "@/lib/pg-pool";
import { auditPriceOf, type PriceRow } from "@/features/billing-math/price-row";
import type { AuditInvoice, InvoiceStatus } from "./types";

// One round trip per batch: Postgres assembles each invoice with its lines, line discounts and
// taxes, discounts, taxes and payments as one JSON document (money as text, so bigint stays
// exact; decimals without trailing zeros, as staff read them in summaries; instants as epoch
// milliseconds, so no date text is parsed per line). Hydrating the same rows through Prisma's
// nested include cost ~2× the whole sweep. The document is positional (JSON arrays, fields in
// the order `loadInvoiceDocs` reads them): with keys it was 2.6× the bytes, and its text, parse
// and garbage were the largest Node cost of a sweep.
const TAX = `json_build_array(t."taxRateId", trim_scale(t.percentage)::text, t.inclusive, t.amount::text, t."taxableAmount"::text, t."taxabilityReason")`;
export const INVOICE_DOCS_SQL = `
SELECT json_build_array(
  i.id, i."stripeId", i."customerId", i.number, i.status, i.currency,
  i.subtotal::text, i."subtotalExcludingTax"::text, i.total::text, i."totalExcludingTax"::text,
  i."amountDue"::text, i."amountPaid"::text, i."amountRemaining"::text, i."amountOverpaid"::text,
  ${epochMs('i."stripeCreated"')}, ${epochMs('i."finalizedAt"')}, ${epochMs('i."paidAt"')},
  (SELECT coalesce(json_agg(json_build_array(
      l.id, l."stripeId", l.position, l.currency, l.amount::text, trim_scale(l.quantity)::text,
      trim_scale(l."unitAmountDecimal")::text, l."priceId", l."productId", ${epochMs('l."periodStart"')}, ${epochMs('l."periodEnd"')}, l.proration,
      (SELECT json_build_object('billingScheme', p."billingScheme", 'tiersMode', p."tiersMode", 'tiers', p.tiers, 'transformQuantity', p."transformQuantity", 'unitAmountDecimal', trim_scale(p."unitAmountDecimal")::text,
        'meterId', CASE WHEN p."usageType" = 'metered' THEN p."meterId" END) FROM "Price" p WHERE p.id = l."priceId"),
      (SELECT coalesce(json_agg(json_build_array(d."discountId", d."couponId", trim_scale(d."percentOff")::text, d."amountOff"::text, d.scope, d.amount::text)), '[]') FROM "InvoiceLineDiscount" d WHERE d."lineId" = l.id),
      (SELECT coalesce(json_agg(${TAX}), '[]') FROM "InvoiceLineTax" t WHERE t."lineId" = l.id),
      l."subscriptionItemId", l."creditedItems"
    ) ORDER BY l.position), '[]') FROM "InvoiceLine" l WHERE l."invoiceId" = i.id),
  (SELECT coalesce(json_agg(json_build_array(d."discountId", d."couponId", d.amount::text)), '[]') FROM "InvoiceDiscount" d WHERE d."invoiceId" = i.id),
  (SELECT coalesce(json_agg(${TAX}), '[]') FROM "InvoiceTax" t WHERE t."invoiceId" = i.id),
  (SELECT coalesce(json_agg(json_build_array(p."stripeId", p."paymentIntentStripeId", p."chargeStripeId", p."outOfBand",
      p."amountPaid"::text, p."amountRequested"::text, p.currency, p.status, ${epochMs('p."paidAt"')})), '[]') FROM "InvoicePayment" p WHERE p."invoiceId" = i.id)
)::text AS doc
FROM "Invoice" i WHERE i.id = ANY($1::text[]) AND ($2::boolean IS NULL OR i.livemode = $2)`;
// The ids as an array, not a set-returning function over JSON: the planner guessed 100 rows for
// json_array_elements_text and, on a table of a few thousand invoices, hash-joined it against a
// sequential scan of every invoice, so each event's audit grew with the database. `= ANY(array)`
// is an index lookup per id, whatever the table's size.

// Positional JSON values, in INVOICE_DOCS_SQL's order.
type Raw = unknown[];
type Str = string | null;
const big = (v: unknown): bigint => BigInt(v as string);
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));
const date = (v: unknown): Date | null => dateOf(v as number | null);
const tax = ([taxRateId, percentage, inclusive, amount, taxableAmount, reason]: Raw) => ({
  taxRateId: taxRateId as string,
  percentage: percentage as string,
  inclusive: inclusive as boolean,
  amount: big(amount),
  taxableAmount: big(taxableAmount),
  taxabilityReason: reason as Str,
});

/** credited_items as projected ({ invoice, invoice_line_items }), or null. */
function creditedOf(v: unknown): { invoice: string; lines: string[] } | null {
  if (!v || typeof v !== "object") return null;
  const c = v as { invoice?: unknown; invoice_line_items?: unknown };
  if (typeof c.invoice !== "string") return null;
  const lines = Array.isArray(c.invoice_line_items) ? c.invoice_line_items.filter((l): l is string => typeof l === "string") : [];
  return { invoice: c.invoice, lines };
}

/** The invoices' documents; `livemode` (when not null) leaves out the other mode's. */
export async function loadInvoiceDocs(db: Db, invoiceIds: string[], livemode: boolean | null = null): Promise<(AuditInvoice & { customerId: string })[]> {
  if (!invoiceIds.length) return [];
  const rows = await auditRows<{ doc: string }>(db, INVOICE_DOCS_SQL, [invoiceIds, livemode]);
  return rows.map(({ doc }) => {
    const [
      id,
      stripeId,
      customerId,
      number,
      status,
      currency,
      subtotal,
      subtotalExcludingTax,
      total,
      totalExcludingTax,
      amountDue,
      amountPaid,
      amountRemaining,
      amountOverpaid,
      stripeCreated,
      finalizedAt,
      paidAt,
      lines,
      discounts,
      taxes,
      payments,
    ] = JSON.parse(doc) as Raw;
    return {
      id: id as string,
      stripeId: stripeId as string,
      customerId: customerId as string,
      number: number as Str,
      status: status as InvoiceStatus,
      currency: currency as string,
      subtotal: big(subtotal),
      subtotalExcludingTax: bigOrNull(subtotalExcludingTax),
      total: big(total),
      totalExcludingTax: bigOrNull(totalExcludingTax),
      amountDue: big(amountDue),
      amountPaid: big(amountPaid),
      amountRemaining: big(amountRemaining),
      amountOverpaid: big(amountOverpaid),
      stripeCreated: date(stripeCreated)!,
      finalizedAt: date(finalizedAt),
      paidAt: date(paidAt),
      lines: (lines as Raw[]).map(
        ([
          lid,
          lstripeId,
          position,
          lcurrency,
          amount,
          quantity,
          unit,
          priceId,
          productId,
          periodStart,
          periodEnd,
          proration,
          price,
          ldiscounts,
          ltaxes,
          itemId,
          credited,
        ]) => ({
          id: lid as string,
          stripeId: lstripeId as string,
          position: position as number,
          currency: lcurrency as string,
          amount: big(amount),
          quantity: quantity as string,
          unitAmountDecimal: unit as Str,
          priceId: priceId as Str,
          productId: productId as Str,
          periodStart: date(periodStart),
          periodEnd: date(periodEnd),
          proration: proration as boolean,
          price: auditPriceOf(price as PriceRow | null),
          meterId: (price as { meterId?: string | null } | null)?.meterId ?? null,
          subscriptionItemId: itemId as Str,
          creditedItems: creditedOf(credited),
          discounts: (ldiscounts as Raw[]).map(([discountId, couponId, percentOff, amountOff, scope, damount]) => ({
            discountId: discountId as string,
            couponId: couponId as Str,
            percentOff: percentOff as Str,
            amountOff: bigOrNull(amountOff),
            scope: scope as string,
            amount: big(damount),
          })),
          taxes: (ltaxes as Raw[]).map(tax),
        }),
      ),
      discounts: (discounts as Raw[]).map(([discountId, couponId, amount]) => ({
        discountId: discountId as string,
        couponId: couponId as Str,
        amount: big(amount),
      })),
      taxes: (taxes as Raw[]).map(tax),
      payments: (payments as Raw[]).map(([pstripeId, pi, charge, outOfBand, ppaid, requested, pcurrency, pstatus, ppaidAt]) => ({
        stripeId: pstripeId as string,
        paymentIntentStripeId: pi as Str,
        chargeStripeId: charge as Str,
        outOfBand: outOfBand as boolean,
        amountPaid: bigOrNull(ppaid),
        amountRequested: big(requested),
        currency: pcurrency as string,
        status: pstatus as string,
        paidAt: date(ppaidAt),
      })),
    };
  });
}
