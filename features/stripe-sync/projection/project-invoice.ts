import "server-only";
import type { InvoiceStatus } from "@prisma/client";
import { logger } from "@/lib/logger";
import { big, bigOrNull, decimalString, idOf, toDate } from "../convert";
import { customerIdFor } from "./project-customer";
import { decideInvoiceSnapshot } from "./invoice-decision";
import { invoiceStatusMayMove, laterDate, toInvoiceStatus } from "./status-order";
import type { ProjectionChange, StripeJson, TaxRateInfo, Tx } from "../types";
import { upsertByStripeId } from "./upsert-row";
import { subscriptionItemOf } from "./line-subscription";
import { upsertInvoicePayments } from "./project-invoice-payment";

// Stripe's own identities must hold on Stripe's numbers; we log, never "fix", a mismatch.
export function checkInvoiceMath(inv: StripeJson) {
  if (inv.amount_remaining !== inv.amount_due - inv.amount_paid) {
    logger.warn({ invoice: inv.id }, "invoice amount_remaining != amount_due - amount_paid");
  }
  if (Array.isArray(inv.total_taxes) && inv.total_excluding_tax !== null && inv.total_excluding_tax !== undefined) {
    // Every tax counts, inclusive ones too: total_excluding_tax leaves out all tax, and an inclusive
    // tax sits inside `total` (STRIPE.md; the emulator and compute-invoice agree).
    const taxes = inv.total_taxes.reduce((s: number, t: StripeJson) => s + t.amount, 0);
    if (inv.total_excluding_tax !== inv.total - taxes) logger.warn({ invoice: inv.id }, "invoice total_excluding_tax mismatch");
  }
}

function taxRows(taxes: StripeJson[] | null | undefined, rates: Record<string, TaxRateInfo>) {
  const byRate = new Map<
    string,
    {
      taxRateId: string;
      displayName: string | null;
      percentage: string;
      inclusive: boolean;
      amount: bigint;
      taxableAmount: bigint;
      taxabilityReason: string | null;
    }
  >();
  for (const t of taxes ?? []) {
    const rateId = t.tax_rate_details?.tax_rate ?? "unknown";
    const info = rates[rateId];
    const prev = byRate.get(rateId);
    byRate.set(rateId, {
      taxRateId: rateId,
      displayName: info?.displayName ?? null,
      percentage: info?.percentage ?? "0",
      inclusive: t.tax_behavior === "inclusive",
      amount: (prev?.amount ?? 0n) + big(t.amount),
      taxableAmount: (prev?.taxableAmount ?? 0n) + big(t.taxable_amount),
      // Stripe Tax: why the entry taxed what it did (not_collecting, reverse_charge, …).
      taxabilityReason: prev?.taxabilityReason ?? (typeof t.taxability_reason === "string" ? t.taxability_reason : null),
    });
  }
  return [...byRate.values()];
}

type DiscountRow = {
  discountId: string;
  couponId: string | null;
  couponName: string | null;
  percentOff: string | null;
  amountOff: bigint | null;
  amount: bigint;
};

function discountRows(amounts: StripeJson[] | null | undefined, details: Map<string, StripeJson>) {
  const byId = new Map<string, DiscountRow>();
  for (const d of amounts ?? []) {
    const discountId = idOf(d.discount) ?? "unknown";
    const obj = typeof d.discount === "object" ? d.discount : details.get(discountId);
    const coupon = obj?.source?.coupon;
    const prev = byId.get(discountId);
    byId.set(discountId, {
      discountId,
      couponId: idOf(coupon),
      couponName: coupon && typeof coupon === "object" && typeof coupon.name === "string" && coupon.name ? coupon.name : null,
      percentOff: coupon && typeof coupon === "object" ? decimalString(coupon.percent_off) : null,
      amountOff: coupon && typeof coupon === "object" ? bigOrNull(coupon.amount_off) : null,
      amount: (prev?.amount ?? 0n) + big(d.amount),
    });
  }
  return [...byId.values()];
}

/** The InvoiceLine rows of an invoice snapshot, in Stripe's order (live sync's and replay's one mapping). */
export function invoiceLineRows(inv: StripeJson) {
  const lines: StripeJson[] = inv.lines?.data ?? [];
  return lines.map((l, position) => {
    if (l.currency && l.currency !== inv.currency) {
      logger.warn({ invoice: inv.id, line: l.id }, "invoice line currency differs from the invoice currency");
    }
    const details = l.pricing?.price_details;
    const parent = l.parent ?? {};
    return {
      stripeId: l.id as string,
      position,
      description: (l.description ?? null) as string | null,
      currency: (l.currency ?? inv.currency) as string,
      amount: big(l.amount).toString(),
      quantity: decimalString(l.quantity_decimal) ?? decimalString(l.quantity) ?? "1",
      unitAmountDecimal: decimalString(l.pricing?.unit_amount_decimal),
      priceId: idOf(details?.price),
      productId: (details?.product ?? null) as string | null,
      periodStart: toDate(l.period?.start)?.toISOString() ?? null,
      periodEnd: toDate(l.period?.end)?.toISOString() ?? null,
      proration: Boolean(parent.invoice_item_details?.proration || parent.subscription_item_details?.proration),
      ...subscriptionItemOf(parent),
    };
  });
}

export type LineTaxRow = {
  lineId: string;
  taxRateId: string;
  displayName: string | null;
  percentage: string;
  inclusive: boolean;
  amount: bigint;
  taxableAmount: bigint;
  taxabilityReason: string | null;
};

/** The discount and tax rows of an invoice snapshot and of its lines (line ids by Stripe line id). */
export function invoiceChildRows(inv: StripeJson, rates: Record<string, TaxRateInfo>, lineIdByStripeId: Map<string, string>) {
  const lines: StripeJson[] = inv.lines?.data ?? [];
  const discountDetails = new Map<string, StripeJson>();
  // Line-level discounts are only on their line (not in the invoice's discounts): both count.
  for (const d of [...(inv.discounts ?? []), ...lines.flatMap((l) => l.discounts ?? [])]) if (typeof d === "object" && d) discountDetails.set(d.id, d);
  const lineDiscounts: (DiscountRow & { lineId: string; scope: string })[] = [];
  const lineTaxes: LineTaxRow[] = [];
  for (const l of lines) {
    const lineId = lineIdByStripeId.get(l.id)!;
    const own = new Set((l.discounts ?? []).map(idOf));
    for (const d of discountRows(l.discount_amounts, discountDetails)) {
      lineDiscounts.push({ lineId, ...d, scope: own.has(d.discountId) ? "line" : "invoice" });
    }
    for (const t of taxRows(l.taxes, rates)) lineTaxes.push({ lineId, ...t });
  }
  // total_discount_amounts lists line discounts too; only those on the invoice itself are "invoice".
  const invoiceOwn = new Set((inv.discounts ?? []).map(idOf));
  const discounts = discountRows(inv.total_discount_amounts, discountDetails).map((d) => ({ ...d, scope: invoiceOwn.has(d.discountId) ? "invoice" : "line" }));
  const taxes = taxRows(inv.total_taxes, rates);
  return { lineDiscounts, lineTaxes, discounts, taxes };
}

async function writeLines(tx: Tx, invoiceId: string, inv: StripeJson, rates: Record<string, TaxRateInfo>, fresh: boolean) {
  const lines: StripeJson[] = inv.lines?.data ?? [];
  const keep = lines.map((l) => l.id as string);
  // Raw statements throughout: this runs for every invoice event, and each Prisma model query
  // costs several times a raw one here (query compilation), see bench/RESULTS.md.
  // A row created in this transaction has nothing to clear yet.
  if (!fresh)
    await tx.$executeRaw`
    WITH ld AS (DELETE FROM "InvoiceLineDiscount" WHERE "lineId" IN (SELECT id FROM "InvoiceLine" WHERE "invoiceId" = ${invoiceId})),
         lt AS (DELETE FROM "InvoiceLineTax" WHERE "lineId" IN (SELECT id FROM "InvoiceLine" WHERE "invoiceId" = ${invoiceId})),
         d AS (DELETE FROM "InvoiceDiscount" WHERE "invoiceId" = ${invoiceId})
    DELETE FROM "InvoiceTax" WHERE "invoiceId" = ${invoiceId}`;
  // Lines referenced by a Settle dispute are never deleted (FK); only vanished draft lines go.
  if (!fresh)
    await tx.$executeRaw`
    DELETE FROM "InvoiceLine" l WHERE l."invoiceId" = ${invoiceId} AND NOT (l."stripeId" = ANY(${keep}::text[]))
       AND NOT EXISTS (SELECT 1 FROM "DisputedLine" d WHERE d."invoiceLineId" = l.id)`;
  const rows = invoiceLineRows(inv);
  // All lines in one statement: invoices can carry hundreds of lines.
  const ids = rows.length
    ? await tx.$queryRaw<{ id: string; stripeId: string }[]>`
      INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity, "unitAmountDecimal",
                                 "priceId", "productId", "periodStart", "periodEnd", proration, "subscriptionId", "subscriptionItemId", "creditedItems")
      SELECT gen_random_uuid()::text, s, ${invoiceId}, p, d, c, a::bigint, q::numeric, u::numeric, pr, pd, (ps::timestamptz AT TIME ZONE 'UTC'), (pe::timestamptz AT TIME ZONE 'UTC'), pro,
             sub, si, ci::jsonb
        FROM unnest(${rows.map((r) => r.stripeId)}::text[], ${rows.map((r) => r.position)}::int[], ${rows.map((r) => r.description)}::text[],
                    ${rows.map((r) => r.currency)}::text[], ${rows.map((r) => r.amount)}::text[], ${rows.map((r) => r.quantity)}::text[],
                    ${rows.map((r) => r.unitAmountDecimal)}::text[], ${rows.map((r) => r.priceId)}::text[], ${rows.map((r) => r.productId)}::text[],
                    ${rows.map((r) => r.periodStart)}::text[], ${rows.map((r) => r.periodEnd)}::text[], ${rows.map((r) => r.proration)}::boolean[],
                    ${rows.map((r) => r.subscriptionId)}::text[], ${rows.map((r) => r.subscriptionItemId)}::text[], ${rows.map((r) => r.creditedItems)}::text[])
             AS t(s, p, d, c, a, q, u, pr, pd, ps, pe, pro, sub, si, ci)
      ON CONFLICT ("stripeId") DO UPDATE SET "invoiceId" = EXCLUDED."invoiceId", position = EXCLUDED.position,
        description = EXCLUDED.description, currency = EXCLUDED.currency, amount = EXCLUDED.amount, quantity = EXCLUDED.quantity,
        "unitAmountDecimal" = EXCLUDED."unitAmountDecimal", "priceId" = EXCLUDED."priceId", "productId" = EXCLUDED."productId",
        "periodStart" = EXCLUDED."periodStart", "periodEnd" = EXCLUDED."periodEnd", proration = EXCLUDED.proration,
        "subscriptionId" = EXCLUDED."subscriptionId", "subscriptionItemId" = EXCLUDED."subscriptionItemId", "creditedItems" = EXCLUDED."creditedItems"
      RETURNING id, "stripeId"`
    : [];
  const lineIdByStripeId = new Map(ids.map((r) => [r.stripeId, r.id]));
  const { lineDiscounts, lineTaxes, discounts, taxes } = invoiceChildRows(inv, rates, lineIdByStripeId);
  await insertInvoiceChildren(tx, {
    lineDiscounts,
    lineTaxes,
    discounts: discounts.map((d) => ({ ...d, invoiceId })),
    taxes: taxes.map((t) => ({ ...t, invoiceId })),
  });
}

type ChildRows = ReturnType<typeof invoiceChildRows>;
type OnInvoice<T> = T & { invoiceId: string };

/**
 * Inserts the children invoiceChildRows() gives, of one invoice or many, in one statement: line
 * discounts, line taxes, invoice discounts and invoice taxes (empty arrays insert nothing). The
 * projector's and replay's batch writer's one statement.
 */
export async function insertInvoiceChildren(
  tx: Tx,
  c: {
    lineDiscounts: ChildRows["lineDiscounts"];
    lineTaxes: ChildRows["lineTaxes"];
    discounts: OnInvoice<ChildRows["discounts"][number]>[];
    taxes: OnInvoice<ChildRows["taxes"][number]>[];
  },
) {
  const { lineDiscounts, lineTaxes, discounts, taxes } = c;
  if (!lineDiscounts.length && !lineTaxes.length && !discounts.length && !taxes.length) return;
  const str = (v: bigint | null) => (v === null ? null : v.toString());
  await tx.$executeRaw`
    WITH ld AS (
      INSERT INTO "InvoiceLineDiscount" (id, "lineId", "discountId", "couponId", "couponName", "percentOff", "amountOff", scope, amount)
      SELECT gen_random_uuid()::text, l, d, c, cn, p::numeric, ao::bigint, sc, a::bigint
        FROM unnest(${lineDiscounts.map((x) => x.lineId)}::text[], ${lineDiscounts.map((x) => x.discountId)}::text[], ${lineDiscounts.map((x) => x.couponId)}::text[],
                    ${lineDiscounts.map((x) => x.couponName)}::text[],
                    ${lineDiscounts.map((x) => x.percentOff)}::text[], ${lineDiscounts.map((x) => str(x.amountOff))}::text[], ${lineDiscounts.map((x) => x.scope)}::text[],
                    ${lineDiscounts.map((x) => x.amount.toString())}::text[]) AS t(l, d, c, cn, p, ao, sc, a)),
    lt AS (
      INSERT INTO "InvoiceLineTax" (id, "lineId", "taxRateId", "displayName", percentage, inclusive, amount, "taxableAmount", "taxabilityReason")
      SELECT gen_random_uuid()::text, l, r, dn, p::numeric, inc, a::bigint, ta::bigint, tr
        FROM unnest(${lineTaxes.map((x) => x.lineId)}::text[], ${lineTaxes.map((x) => x.taxRateId)}::text[], ${lineTaxes.map((x) => x.displayName)}::text[],
                    ${lineTaxes.map((x) => x.percentage)}::text[], ${lineTaxes.map((x) => x.inclusive)}::boolean[], ${lineTaxes.map((x) => x.amount.toString())}::text[],
                    ${lineTaxes.map((x) => x.taxableAmount.toString())}::text[], ${lineTaxes.map((x) => x.taxabilityReason)}::text[]) AS t(l, r, dn, p, inc, a, ta, tr)),
    d AS (
      INSERT INTO "InvoiceDiscount" (id, "invoiceId", "discountId", "couponId", "couponName", "percentOff", "amountOff", scope, amount)
      SELECT gen_random_uuid()::text, i, d, c, cn, p::numeric, ao::bigint, sc, a::bigint
        FROM unnest(${discounts.map((x) => x.invoiceId)}::text[], ${discounts.map((x) => x.discountId)}::text[], ${discounts.map((x) => x.couponId)}::text[],
                    ${discounts.map((x) => x.couponName)}::text[],
                    ${discounts.map((x) => x.percentOff)}::text[], ${discounts.map((x) => str(x.amountOff))}::text[], ${discounts.map((x) => x.scope)}::text[],
                    ${discounts.map((x) => x.amount.toString())}::text[]) AS t(i, d, c, cn, p, ao, sc, a))
    INSERT INTO "InvoiceTax" (id, "invoiceId", "taxRateId", "displayName", percentage, inclusive, amount, "taxableAmount", "taxabilityReason")
    SELECT gen_random_uuid()::text, i, r, dn, p::numeric, inc, a::bigint, ta::bigint, tr
      FROM unnest(${taxes.map((x) => x.invoiceId)}::text[], ${taxes.map((x) => x.taxRateId)}::text[], ${taxes.map((x) => x.displayName)}::text[],
                  ${taxes.map((x) => x.percentage)}::text[], ${taxes.map((x) => x.inclusive)}::boolean[], ${taxes.map((x) => x.amount.toString())}::text[],
                  ${taxes.map((x) => x.taxableAmount.toString())}::text[], ${taxes.map((x) => x.taxabilityReason)}::text[])
           AS t(i, r, dn, p, inc, a, ta, tr)`;
}

async function writePayments(tx: Tx, invoiceId: string, inv: StripeJson) {
  await upsertInvoicePayments(tx, invoiceId, inv.payments?.data ?? []);
}

/** An invoice's row from its Stripe object: the projector's and the bulk test loader's one mapping. */
export function invoiceRow(inv: StripeJson, customerId: string, status: InvoiceStatus, lastEventAt: Date | null) {
  const st = inv.status_transitions ?? {};
  return {
    customerId,
    number: inv.number ?? null,
    status,
    currency: inv.currency,
    collectionMethod: inv.collection_method ?? null,
    billingReason: inv.billing_reason ?? null,
    subtotal: big(inv.subtotal),
    subtotalExcludingTax: bigOrNull(inv.subtotal_excluding_tax),
    total: big(inv.total),
    totalExcludingTax: bigOrNull(inv.total_excluding_tax),
    amountDue: big(inv.amount_due),
    amountPaid: big(inv.amount_paid),
    amountRemaining: big(inv.amount_remaining),
    amountOverpaid: big(inv.amount_overpaid),
    startingBalance: big(inv.starting_balance),
    endingBalance: bigOrNull(inv.ending_balance),
    prePaymentCreditNotesAmount: big(inv.pre_payment_credit_notes_amount),
    postPaymentCreditNotesAmount: big(inv.post_payment_credit_notes_amount),
    periodStart: toDate(inv.period_start),
    periodEnd: toDate(inv.period_end),
    dueDate: toDate(inv.due_date),
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    description: inv.description ?? null,
    livemode: inv.livemode === true,
    stripeCreated: toDate(inv.created) ?? new Date(0),
    finalizedAt: toDate(st.finalized_at),
    paidAt: toDate(st.paid_at),
    voidedAt: toDate(st.voided_at),
    lastEventAt,
  };
}

/**
 * Upserts an invoice with its lines, discounts, taxes and payments. `eventAt` null means an
 * authoritative snapshot (resync listing): only the forward-status rule applies.
 */
export async function projectInvoice(tx: Tx, inv: StripeJson, eventAt: Date | null, rates: Record<string, TaxRateInfo>): Promise<ProjectionChange | null> {
  const status = inv.deleted ? "DELETED" : toInvoiceStatus(inv.status);
  const [existing] = await tx.$queryRaw<
    { id: string; status: InvoiceStatus; lastEventAt: Date | null; customerId: string; amountPaid: bigint; hasLines: boolean }[]
  >`
    SELECT i.id, i.status::text AS status, i."lastEventAt", i."customerId", i."amountPaid",
           EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i.id) AS "hasLines"
      FROM "Invoice" i WHERE i."stripeId" = ${inv.id}`;
  if (existing && status === "DELETED") {
    if (!invoiceStatusMayMove(existing.status, "DELETED")) return null;
    await tx.invoice.update({
      where: { id: existing.id },
      data: { status: "DELETED", lastEventAt: eventAt ? laterDate(existing.lastEventAt, eventAt) : existing.lastEventAt },
    });
    return { kind: "invoice", stripeId: inv.id, customerId: existing.customerId, invoiceId: existing.id };
  }
  if (!existing && status === "DELETED" && !inv.customer) return null; // never seen, nothing to keep
  const decision = decideInvoiceSnapshot(existing ?? null, inv, status, eventAt);
  if (!decision) return null;
  checkInvoiceMath(inv);
  const customerId = await customerIdFor(tx, inv.customer);
  if (!customerId) throw new Error(`invoice ${inv.id} has no customer`);
  const data = invoiceRow(inv, customerId, status, decision.lastEventAt);
  const row = { id: await upsertByStripeId(tx, "Invoice", inv.id, data, { status: "InvoiceStatus" }) };
  if (decision.rewriteLines) await writeLines(tx, row.id, inv, rates, !existing);
  await writePayments(tx, row.id, inv);
  return { kind: "invoice", stripeId: inv.id, customerId, invoiceId: row.id };
}

/**
 * Replay's folded write of one invoice: the row from the last snapshot that applied, the lines
 * from the last snapshot that rewrote them, and every payment any applied snapshot carried (each
 * upsert overwrote the previous one, so the last wins). fold-invoice-events decided all of it
 * with projectInvoice's own rules; this only writes.
 */
export async function writeFoldedInvoice(
  tx: Tx,
  f: {
    inv: StripeJson;
    lastEventAt: Date | null;
    lines: { inv: StripeJson; rates: Record<string, TaxRateInfo> } | null;
    fresh: boolean;
    payments: StripeJson[];
  },
  knownCustomerId?: string,
): Promise<string> {
  checkInvoiceMath(f.inv);
  const customerId = knownCustomerId ?? (await customerIdFor(tx, f.inv.customer));
  if (!customerId) throw new Error(`invoice ${f.inv.id} has no customer`);
  const id = await upsertByStripeId(tx, "Invoice", f.inv.id, invoiceRow(f.inv, customerId, toInvoiceStatus(f.inv.status), f.lastEventAt), {
    status: "InvoiceStatus",
  });
  if (f.lines) await writeLines(tx, id, f.lines.inv, f.lines.rates, f.fresh);
  await writePayments(tx, id, { payments: { data: f.payments } });
  return id;
}
