import "server-only";
import type { Db } from "@/lib/db";
import { auditRows } from "@/lib/pg-pool";
import { auditPriceOf, type PriceRow } from "./audit-price";
import type { AuditInvoice, InvoiceStatus } from "./types";

// One round trip per batch: Postgres assembles each invoice with its lines, line discounts and
// taxes, discounts, taxes and payments as one JSON document (money as text, so bigint stays
// exact; decimals without trailing zeros, as staff read them in summaries). Hydrating the
// same rows through Prisma's nested include cost ~2× the whole sweep.
export const INVOICE_DOCS_SQL = `
SELECT json_build_object(
  'id', i.id, 'stripeId', i."stripeId", 'customerId', i."customerId", 'number', i.number, 'status', i.status, 'currency', i.currency,
  'subtotal', i.subtotal::text, 'subtotalExcludingTax', i."subtotalExcludingTax"::text, 'total', i.total::text, 'totalExcludingTax', i."totalExcludingTax"::text,
  'amountDue', i."amountDue"::text, 'amountPaid', i."amountPaid"::text, 'amountRemaining', i."amountRemaining"::text, 'amountOverpaid', i."amountOverpaid"::text,
  'stripeCreated', i."stripeCreated", 'finalizedAt', i."finalizedAt", 'paidAt', i."paidAt",
  'lines', (SELECT coalesce(json_agg(json_build_object(
      'id', l.id, 'stripeId', l."stripeId", 'position', l.position, 'currency', l.currency, 'amount', l.amount::text, 'quantity', trim_scale(l.quantity)::text,
      'unitAmountDecimal', trim_scale(l."unitAmountDecimal")::text, 'priceId', l."priceId", 'productId', l."productId", 'periodStart', l."periodStart", 'periodEnd', l."periodEnd", 'proration', l.proration,
      'price', (SELECT json_build_object('billingScheme', p."billingScheme", 'tiersMode', p."tiersMode", 'tiers', p.tiers, 'transformQuantity', p."transformQuantity", 'unitAmountDecimal', trim_scale(p."unitAmountDecimal")::text) FROM "Price" p WHERE p.id = l."priceId"),
      'discounts', (SELECT coalesce(json_agg(json_build_object('discountId', d."discountId", 'couponId', d."couponId", 'percentOff', trim_scale(d."percentOff")::text, 'amountOff', d."amountOff"::text, 'scope', d.scope, 'amount', d.amount::text)), '[]') FROM "InvoiceLineDiscount" d WHERE d."lineId" = l.id),
      'taxes', (SELECT coalesce(json_agg(json_build_object('taxRateId', t."taxRateId", 'percentage', trim_scale(t.percentage)::text, 'inclusive', t.inclusive, 'amount', t.amount::text, 'taxableAmount', t."taxableAmount"::text, 'taxabilityReason', t."taxabilityReason")), '[]') FROM "InvoiceLineTax" t WHERE t."lineId" = l.id)
    ) ORDER BY l.position), '[]') FROM "InvoiceLine" l WHERE l."invoiceId" = i.id),
  'discounts', (SELECT coalesce(json_agg(json_build_object('discountId', d."discountId", 'couponId', d."couponId", 'amount', d.amount::text)), '[]') FROM "InvoiceDiscount" d WHERE d."invoiceId" = i.id),
  'taxes', (SELECT coalesce(json_agg(json_build_object('taxRateId', t."taxRateId", 'percentage', trim_scale(t.percentage)::text, 'inclusive', t.inclusive, 'amount', t.amount::text, 'taxableAmount', t."taxableAmount"::text, 'taxabilityReason', t."taxabilityReason")), '[]') FROM "InvoiceTax" t WHERE t."invoiceId" = i.id),
  'payments', (SELECT coalesce(json_agg(json_build_object('stripeId', p."stripeId", 'paymentIntentStripeId', p."paymentIntentStripeId", 'chargeStripeId', p."chargeStripeId", 'outOfBand', p."outOfBand",
      'amountPaid', p."amountPaid"::text, 'amountRequested', p."amountRequested"::text, 'currency', p.currency, 'status', p.status, 'paidAt', p."paidAt")), '[]') FROM "InvoicePayment" p WHERE p."invoiceId" = i.id)
)::text AS doc
FROM "Invoice" i WHERE i.id = ANY($1::text[]) AND ($2::boolean IS NULL OR i.livemode = $2)`;
// The ids as an array, not a set-returning function over JSON: the planner guessed 100 rows for
// json_array_elements_text and, on a table of a few thousand invoices, hash-joined it against a
// sequential scan of every invoice, so each event's audit grew with the database. `= ANY(array)`
// is an index lookup per id, whatever the table's size.

type Raw = Record<string, unknown>;
const big = (v: unknown): bigint => BigInt(v as string);
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));
// Columns are timestamp(3) holding UTC without a zone: read them as UTC.
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v as string) ? (v as string) : `${v as string}Z`));
const tax = (t: Raw) => ({ taxRateId: t.taxRateId as string, percentage: t.percentage as string, inclusive: t.inclusive as boolean, amount: big(t.amount), taxableAmount: big(t.taxableAmount), taxabilityReason: (t.taxabilityReason as string | null) ?? null });

/** The invoices' documents; `livemode` (when not null) leaves out the other mode's. */
export async function loadInvoiceDocs(db: Db, invoiceIds: string[], livemode: boolean | null = null): Promise<(AuditInvoice & { customerId: string })[]> {
  if (!invoiceIds.length) return [];
  const rows = await auditRows<{ doc: string }>(db, INVOICE_DOCS_SQL, [invoiceIds, livemode]);
  return rows.map(({ doc }) => {
    const i = JSON.parse(doc) as Raw;
    return {
      id: i.id as string, stripeId: i.stripeId as string, customerId: i.customerId as string, number: (i.number as string | null) ?? null,
      status: i.status as InvoiceStatus, currency: i.currency as string,
      subtotal: big(i.subtotal), subtotalExcludingTax: bigOrNull(i.subtotalExcludingTax), total: big(i.total), totalExcludingTax: bigOrNull(i.totalExcludingTax),
      amountDue: big(i.amountDue), amountPaid: big(i.amountPaid), amountRemaining: big(i.amountRemaining), amountOverpaid: big(i.amountOverpaid),
      stripeCreated: date(i.stripeCreated)!, finalizedAt: date(i.finalizedAt), paidAt: date(i.paidAt),
      lines: (i.lines as Raw[]).map((l) => ({
        id: l.id as string, stripeId: l.stripeId as string, position: l.position as number, currency: l.currency as string, amount: big(l.amount),
        quantity: l.quantity as string, unitAmountDecimal: (l.unitAmountDecimal as string | null) ?? null, priceId: (l.priceId as string | null) ?? null,
        productId: (l.productId as string | null) ?? null, periodStart: date(l.periodStart), periodEnd: date(l.periodEnd), proration: l.proration as boolean,
        price: auditPriceOf(l.price as PriceRow | null),
        discounts: (l.discounts as Raw[]).map((d) => ({ discountId: d.discountId as string, couponId: (d.couponId as string | null) ?? null, percentOff: (d.percentOff as string | null) ?? null, amountOff: bigOrNull(d.amountOff), scope: d.scope as string, amount: big(d.amount) })),
        taxes: (l.taxes as Raw[]).map(tax),
      })),
      discounts: (i.discounts as Raw[]).map((d) => ({ discountId: d.discountId as string, couponId: (d.couponId as string | null) ?? null, amount: big(d.amount) })),
      taxes: (i.taxes as Raw[]).map(tax),
      payments: (i.payments as Raw[]).map((p) => ({
        stripeId: p.stripeId as string, paymentIntentStripeId: (p.paymentIntentStripeId as string | null) ?? null, chargeStripeId: (p.chargeStripeId as string | null) ?? null,
        outOfBand: p.outOfBand as boolean, amountPaid: bigOrNull(p.amountPaid), amountRequested: big(p.amountRequested), currency: p.currency as string, status: p.status as string, paidAt: date(p.paidAt),
      })),
    };
  });
}
