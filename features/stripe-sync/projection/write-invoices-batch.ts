import "server-only";
import { randomUUID } from "node:crypto";
import { big, bigOrNull, idOf, toDate } from "../convert";
import { checkInvoiceMath, insertInvoiceChildren, invoiceChildRows, invoiceLineRows, invoiceRow } from "./project-invoice";
import { INVOICE_PAYMENT_SETTLED, toInvoiceStatus } from "./status-order";
import type { StripeJson, TaxRateInfo, Tx } from "../types";
import { upsertManyByStripeId, type ColumnType } from "./upsert-many";

/** One invoice as replay's fold left it (fold-invoice-events.ts), with its row id and customer row id. */
export interface FoldedInvoiceWrite {
  /** The row's id: the stored one, or a new one chosen by the caller. */
  id: string;
  /** null with `inv` null (only delivered payments: the row is left as it is). */
  customerId: string | null;
  inv: StripeJson | null;
  lastEventAt: Date | null;
  lines: { inv: StripeJson; rates: Record<string, TaxRateInfo> } | null;
  /** Not stored before this write: nothing of it to clear. */
  fresh: boolean;
  payments: StripeJson[];
}

const INVOICE_TYPES: Record<string, ColumnType> = {
  status: { enum: "InvoiceStatus" },
  subtotal: "bigint",
  subtotalExcludingTax: "bigint",
  total: "bigint",
  totalExcludingTax: "bigint",
  amountDue: "bigint",
  amountPaid: "bigint",
  amountRemaining: "bigint",
  amountOverpaid: "bigint",
  startingBalance: "bigint",
  endingBalance: "bigint",
  prePaymentCreditNotesAmount: "bigint",
  postPaymentCreditNotesAmount: "bigint",
  periodStart: "timestamp",
  periodEnd: "timestamp",
  dueDate: "timestamp",
  livemode: "boolean",
  stripeCreated: "timestamp",
  finalizedAt: "timestamp",
  paidAt: "timestamp",
  voidedAt: "timestamp",
  lastEventAt: "timestamp",
};

/** The last of several rows with one key (one statement may not update a row twice). */
const lastByKey = <T>(rows: T[], key: (r: T) => string): T[] => [...new Map(rows.map((r) => [key(r), r])).values()];

/**
 * Replay's write of many folded invoices at once: what writeFoldedInvoice does for one, with each
 * table written once for the whole set: the invoice rows (one multi-row upsert), the cleared
 * discounts and taxes and the vanished lines of those whose lines are rewritten (one statement
 * each), their lines (one insert), the lines' and invoices' discounts and taxes (one), and the
 * payments every applied snapshot carried (one, with the settled-stays-settled guard).
 */
export async function writeFoldedInvoices(tx: Tx, items: FoldedInvoiceWrite[]): Promise<void> {
  if (!items.length) return;
  const rows = items.flatMap((f) => (f.inv && f.customerId ? [{ ...f, inv: f.inv, customerId: f.customerId }] : []));
  for (const f of rows) checkInvoiceMath(f.inv);
  await upsertManyByStripeId(
    tx,
    "Invoice",
    rows.map((f) => ({ id: f.id, stripeId: f.inv.id as string, ...invoiceRow(f.inv, f.customerId, toInvoiceStatus(f.inv.status), f.lastEventAt) })),
    INVOICE_TYPES,
  );
  const rewritten = items.filter((f) => f.lines);
  const cleared = rewritten.filter((f) => !f.fresh);
  if (cleared.length) {
    const ids = cleared.map((f) => f.id);
    await tx.$executeRaw`
      WITH ld AS (DELETE FROM "InvoiceLineDiscount" WHERE "lineId" IN (SELECT id FROM "InvoiceLine" WHERE "invoiceId" = ANY(${ids}::text[]))),
           lt AS (DELETE FROM "InvoiceLineTax" WHERE "lineId" IN (SELECT id FROM "InvoiceLine" WHERE "invoiceId" = ANY(${ids}::text[]))),
           d AS (DELETE FROM "InvoiceDiscount" WHERE "invoiceId" = ANY(${ids}::text[]))
      DELETE FROM "InvoiceTax" WHERE "invoiceId" = ANY(${ids}::text[])`;
    // Lines referenced by a Settle dispute are never deleted (FK); only vanished draft lines go.
    const keep = cleared.flatMap((f) => ((f.lines!.inv.lines?.data ?? []) as StripeJson[]).map((l) => [f.id, l.id as string] as const));
    await tx.$executeRaw`
      DELETE FROM "InvoiceLine" l WHERE l."invoiceId" = ANY(${ids}::text[])
         AND NOT EXISTS (SELECT 1 FROM unnest(${keep.map((k) => k[0])}::text[], ${keep.map((k) => k[1])}::text[]) AS k(i, s) WHERE k.i = l."invoiceId" AND k.s = l."stripeId")
         AND NOT EXISTS (SELECT 1 FROM "DisputedLine" d WHERE d."invoiceLineId" = l.id)`;
  }
  const lineRows = lastByKey(
    rewritten.flatMap((f) => invoiceLineRows(f.lines!.inv).map((r) => ({ ...r, invoiceId: f.id, id: randomUUID() }))),
    (r) => r.stripeId,
  );
  const ids = lineRows.length
    ? await tx.$queryRaw<{ id: string; stripeId: string }[]>`
      INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity, "unitAmountDecimal",
                                 "priceId", "productId", "periodStart", "periodEnd", proration, "subscriptionId", "subscriptionItemId", "creditedItems")
      SELECT id, s, inv, p, d, c, a::bigint, q::numeric, u::numeric, pr, pd, (ps::timestamptz AT TIME ZONE 'UTC'), (pe::timestamptz AT TIME ZONE 'UTC'), pro,
             sub, si, ci::jsonb
        FROM unnest(${lineRows.map((r) => r.id)}::text[], ${lineRows.map((r) => r.stripeId)}::text[], ${lineRows.map((r) => r.invoiceId)}::text[],
                    ${lineRows.map((r) => r.position)}::int[], ${lineRows.map((r) => r.description)}::text[],
                    ${lineRows.map((r) => r.currency)}::text[], ${lineRows.map((r) => r.amount)}::text[], ${lineRows.map((r) => r.quantity)}::text[],
                    ${lineRows.map((r) => r.unitAmountDecimal)}::text[], ${lineRows.map((r) => r.priceId)}::text[], ${lineRows.map((r) => r.productId)}::text[],
                    ${lineRows.map((r) => r.periodStart)}::text[], ${lineRows.map((r) => r.periodEnd)}::text[], ${lineRows.map((r) => r.proration)}::boolean[],
                    ${lineRows.map((r) => r.subscriptionId)}::text[], ${lineRows.map((r) => r.subscriptionItemId)}::text[], ${lineRows.map((r) => r.creditedItems)}::text[])
             AS t(id, s, inv, p, d, c, a, q, u, pr, pd, ps, pe, pro, sub, si, ci)
      ON CONFLICT ("stripeId") DO UPDATE SET "invoiceId" = EXCLUDED."invoiceId", position = EXCLUDED.position,
        description = EXCLUDED.description, currency = EXCLUDED.currency, amount = EXCLUDED.amount, quantity = EXCLUDED.quantity,
        "unitAmountDecimal" = EXCLUDED."unitAmountDecimal", "priceId" = EXCLUDED."priceId", "productId" = EXCLUDED."productId",
        "periodStart" = EXCLUDED."periodStart", "periodEnd" = EXCLUDED."periodEnd", proration = EXCLUDED.proration,
        "subscriptionId" = EXCLUDED."subscriptionId", "subscriptionItemId" = EXCLUDED."subscriptionItemId", "creditedItems" = EXCLUDED."creditedItems"
      RETURNING id, "stripeId"`
    : [];
  const lineIdByStripeId = new Map(ids.map((r) => [r.stripeId, r.id]));
  const lineDiscounts = [];
  const lineTaxes = [];
  const discounts = [];
  const taxes = [];
  for (const f of rewritten) {
    const c = invoiceChildRows(f.lines!.inv, f.lines!.rates, lineIdByStripeId);
    lineDiscounts.push(...c.lineDiscounts);
    lineTaxes.push(...c.lineTaxes);
    discounts.push(...c.discounts.map((d) => ({ ...d, invoiceId: f.id })));
    taxes.push(...c.taxes.map((t) => ({ ...t, invoiceId: f.id })));
  }
  await insertInvoiceChildren(tx, { lineDiscounts, lineTaxes, discounts, taxes });
  // Every payment any applied snapshot carried, on its invoice (upsertInvoicePayments' statement for many invoices).
  const ps = lastByKey(
    items.flatMap((f) => f.payments.map((p) => ({ p, invoiceId: f.id }))),
    (x) => x.p.id as string,
  );
  if (!ps.length) return;
  const iso = (v: number | null | undefined) => toDate(v)?.toISOString() ?? null;
  await tx.$executeRaw`
    INSERT INTO "InvoicePayment" AS p (id, "stripeId", "invoiceId", "paymentIntentStripeId", "chargeStripeId", "outOfBand", "amountPaid", "amountRequested",
                                  currency, status, "isDefault", "paidAt", "stripeCreated")
    SELECT gen_random_uuid()::text, s, inv, pi, ch, oob, ap::bigint, ar::bigint, cur, st, def, (pa::timestamptz AT TIME ZONE 'UTC'), (sc::timestamptz AT TIME ZONE 'UTC')
      FROM unnest(${ps.map((x) => x.p.id as string)}::text[], ${ps.map((x) => x.invoiceId)}::text[],
                  ${ps.map(({ p }) => (p.payment?.type === "payment_intent" ? idOf(p.payment.payment_intent) : null))}::text[],
                  ${ps.map(({ p }) => (p.payment?.type === "charge" ? idOf(p.payment.charge) : null))}::text[],
                  ${ps.map(({ p }) => p.payment?.type === "out_of_band_payment")}::boolean[],
                  ${ps.map(({ p }) => bigOrNull(p.amount_paid)?.toString() ?? null)}::text[], ${ps.map(({ p }) => big(p.amount_requested).toString())}::text[],
                  ${ps.map(({ p }) => p.currency as string)}::text[], ${ps.map(({ p }) => p.status as string)}::text[], ${ps.map(({ p }) => p.is_default !== false)}::boolean[],
                  ${ps.map(({ p }) => iso(p.status_transitions?.paid_at))}::text[], ${ps.map(({ p }) => iso(p.created) ?? new Date(0).toISOString())}::text[])
           AS t(s, inv, pi, ch, oob, ap, ar, cur, st, def, pa, sc)
    ON CONFLICT ("stripeId") DO UPDATE SET "invoiceId" = EXCLUDED."invoiceId", "paymentIntentStripeId" = EXCLUDED."paymentIntentStripeId",
      "chargeStripeId" = EXCLUDED."chargeStripeId", "outOfBand" = EXCLUDED."outOfBand", "amountPaid" = EXCLUDED."amountPaid",
      "amountRequested" = EXCLUDED."amountRequested", currency = EXCLUDED.currency, status = EXCLUDED.status, "isDefault" = EXCLUDED."isDefault",
      "paidAt" = EXCLUDED."paidAt", "stripeCreated" = EXCLUDED."stripeCreated"
     WHERE NOT (p.status = ANY(${INVOICE_PAYMENT_SETTLED}::text[]) AND NOT (EXCLUDED.status = ANY(${INVOICE_PAYMENT_SETTLED}::text[])))`;
}
