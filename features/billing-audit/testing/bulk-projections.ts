// Test and benchmark helper: writes Stripe objects into the projection tables with multi-row
// inserts, mapping fields exactly as features/stripe-sync's projectors do (their row builders where they have one),
// for data sets too large to push through the per-object sync path in a test's time budget.
// The small-scenario test checks both paths give the same findings.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { big, bigOrNull, decimalString, idOf, toDate } from "@/features/stripe-sync/convert";
import { invoiceRow } from "@/features/stripe-sync/projection/project-invoice";
import { subscriptionItemOf } from "@/features/stripe-sync/projection/line-subscription";
import { chargeFields } from "@/features/stripe-sync/projection/project-payments";
import { toInvoiceStatus } from "@/features/stripe-sync/projection/status-order";
import type { Kind, StripeJson as Obj, TaxRateInfo } from "@/features/stripe-sync/types";

// One statement per 5,000 rows with the rows as a single JSON parameter: Prisma's createMany
// costs ~0.5 ms a row here, this a few µs. Omitted columns take their defaults.
export async function insertRows(db: Db, table: string, input: object[], size = 5000) {
  if (!input.length) return;
  // cuid() defaults live in the Prisma client, not in the database: supply ids here.
  const rows = input.map((r) => ("id" in r ? r : { id: randomUUID(), ...r }));
  const cols = Object.keys(rows[0])
    .map((c) => `"${c}"`)
    .join(", ");
  for (let i = 0; i < rows.length; i += size) {
    const json = JSON.stringify(rows.slice(i, i + size), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(null::"${table}", $1::json)`, json);
  }
}

function couponOf(d: Obj | undefined) {
  // Discount.coupon is gone since API 2025-03-31: the coupon is `source.coupon` (as in project-invoice.ts)
  const coupon = d?.source?.coupon;
  return {
    couponId: idOf(coupon),
    percentOff: coupon && typeof coupon === "object" ? decimalString(coupon.percent_off) : null,
    amountOff: coupon && typeof coupon === "object" ? bigOrNull(coupon.amount_off) : null,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function sumBy(rows: { key: string; amount: bigint; taxableAmount?: bigint }[]): any[] {
  const m = new Map<string, { key: string; amount: bigint; taxableAmount?: bigint }>();
  for (const r of rows) {
    const p = m.get(r.key);
    if (!p) m.set(r.key, { ...r });
    else {
      p.amount += r.amount;
      if (p.taxableAmount !== undefined && r.taxableAmount !== undefined) p.taxableAmount += r.taxableAmount;
    }
  }
  return [...m.values()].map(({ key: _k, ...rest }) => rest);
}

export async function bulkProject(db: Db, objects: Map<Kind, Obj[]>, taxRates: Record<string, TaxRateInfo>): Promise<void> {
  const customerId = new Map<string, string>();
  const customers = (objects.get("customer") ?? []).map((c) => {
    const id = randomUUID();
    customerId.set(c.id, id);
    return {
      id,
      stripeId: c.id,
      email: c.email ?? null,
      name: c.name ?? null,
      currency: c.currency ?? null,
      balance: big(c.balance),
      preferredLocale: c.preferred_locales?.[0] ?? null,
      deleted: c.deleted === true,
      livemode: c.livemode === true,
      stripeCreated: toDate(c.created) ?? new Date(0),
    };
  });
  await insertRows(
    db,
    "Customer",
    customers.map((c) => ({ ...c, updatedAt: new Date() })),
  );
  await insertRows(
    db,
    "Price",
    (objects.get("price") ?? []).map((p) => ({
      id: p.id as string,
      productId: idOf(p.product),
      productName: typeof p.product === "object" ? (p.product?.name ?? null) : null,
      currency: p.currency,
      unitAmount: bigOrNull(p.unit_amount),
      unitAmountDecimal: decimalString(p.unit_amount_decimal),
      recurringInterval: p.recurring?.interval ?? null,
      // as projectPrice stores them (tiers when listed with expand data.tiers)
      billingScheme: p.billing_scheme ?? null,
      tiersMode: p.tiers_mode ?? null,
      tiers: Array.isArray(p.tiers) ? p.tiers : null,
      transformQuantity: p.transform_quantity ? { divide_by: Number(p.transform_quantity.divide_by), round: String(p.transform_quantity.round) } : null,
      usageType: typeof p.recurring?.usage_type === "string" ? p.recurring.usage_type : null,
      meterId: typeof p.recurring?.meter === "string" ? p.recurring.meter : null,
      active: p.active !== false,
      stripeCreated: toDate(p.created) ?? new Date(0),
      updatedAt: new Date(),
    })),
  );

  const invoiceId = new Map<string, string>();
  const invoices: Prisma.InvoiceCreateManyInput[] = [],
    lines: Prisma.InvoiceLineCreateManyInput[] = [],
    payments: Prisma.InvoicePaymentCreateManyInput[] = [];
  const lineDiscounts: Prisma.InvoiceLineDiscountCreateManyInput[] = [],
    lineTaxes: Prisma.InvoiceLineTaxCreateManyInput[] = [];
  const invDiscounts: Prisma.InvoiceDiscountCreateManyInput[] = [],
    invTaxes: Prisma.InvoiceTaxCreateManyInput[] = [];
  for (const inv of objects.get("invoice") ?? []) {
    const id = randomUUID();
    invoiceId.set(inv.id, id);
    invoices.push({ id, stripeId: inv.id, ...invoiceRow(inv, customerId.get(idOf(inv.customer)!)!, toInvoiceStatus(inv.status), null) });
    const details = new Map<string, Obj>();
    for (const d of inv.discounts ?? []) if (typeof d === "object" && d) details.set(d.id, d);
    const rate = (t: Obj) => taxRates[t.tax_rate_details?.tax_rate ?? "unknown"];
    for (const [position, l] of (inv.lines?.data ?? []).entries()) {
      const lineId = randomUUID();
      const parent = l.parent ?? {};
      const sub = subscriptionItemOf(parent);
      lines.push({
        id: lineId,
        stripeId: l.id,
        invoiceId: id,
        position,
        description: l.description ?? null,
        currency: l.currency ?? inv.currency,
        amount: big(l.amount),
        quantity: decimalString(l.quantity_decimal) ?? decimalString(l.quantity) ?? "1",
        unitAmountDecimal: decimalString(l.pricing?.unit_amount_decimal),
        priceId: idOf(l.pricing?.price_details?.price),
        productId: l.pricing?.price_details?.product ?? null,
        periodStart: toDate(l.period?.start),
        periodEnd: toDate(l.period?.end),
        proration: Boolean(parent.invoice_item_details?.proration || parent.subscription_item_details?.proration),
        subscriptionId: sub.subscriptionId,
        subscriptionItemId: sub.subscriptionItemId,
        // jsonb: the object itself (json_populate_recordset), as project-invoice's ci::jsonb stores it;
        // a plain null in the JSON rows is SQL NULL (Prisma's type wants its DbNull marker instead)
        creditedItems: (sub.creditedItems === null ? null : JSON.parse(sub.creditedItems)) as Prisma.InputJsonValue,
      });
      const own = new Set((l.discounts ?? []).map(idOf));
      lineDiscounts.push(
        ...sumBy(
          (l.discount_amounts ?? []).map((a: Obj) => {
            const discountId = idOf(a.discount) ?? "unknown";
            const obj = typeof a.discount === "object" ? a.discount : details.get(discountId);
            return { key: discountId, lineId, discountId, ...couponOf(obj), scope: own.has(discountId) ? "line" : "invoice", amount: big(a.amount) };
          }),
        ),
      );
      lineTaxes.push(
        ...sumBy(
          (l.taxes ?? []).map((t: Obj) => ({
            key: t.tax_rate_details?.tax_rate ?? "unknown",
            lineId,
            taxRateId: t.tax_rate_details?.tax_rate ?? "unknown",
            displayName: rate(t)?.displayName ?? null,
            percentage: rate(t)?.percentage ?? "0",
            inclusive: t.tax_behavior === "inclusive",
            amount: big(t.amount),
            taxableAmount: big(t.taxable_amount),
            taxabilityReason: t.taxability_reason ?? null,
          })),
        ),
      );
    }
    invDiscounts.push(
      ...sumBy(
        (inv.total_discount_amounts ?? []).map((a: Obj) => {
          const discountId = idOf(a.discount) ?? "unknown";
          const c = couponOf(typeof a.discount === "object" ? a.discount : details.get(discountId));
          return { key: discountId, invoiceId: id, discountId, ...c, amount: big(a.amount) };
        }),
      ),
    );
    invTaxes.push(
      ...sumBy(
        (inv.total_taxes ?? []).map((t: Obj) => ({
          key: t.tax_rate_details?.tax_rate ?? "unknown",
          invoiceId: id,
          taxRateId: t.tax_rate_details?.tax_rate ?? "unknown",
          displayName: rate(t)?.displayName ?? null,
          percentage: rate(t)?.percentage ?? "0",
          inclusive: t.tax_behavior === "inclusive",
          amount: big(t.amount),
          taxableAmount: big(t.taxable_amount),
          taxabilityReason: t.taxability_reason ?? null,
        })),
      ),
    );
    for (const p of inv.payments?.data ?? []) {
      payments.push({
        stripeId: p.id,
        invoiceId: id,
        paymentIntentStripeId: p.payment?.type === "payment_intent" ? idOf(p.payment.payment_intent) : null,
        chargeStripeId: p.payment?.type === "charge" ? idOf(p.payment.charge) : null,
        outOfBand: p.payment?.type === "out_of_band_payment",
        amountPaid: bigOrNull(p.amount_paid),
        amountRequested: big(p.amount_requested),
        currency: p.currency,
        status: p.status,
        isDefault: p.is_default !== false,
        paidAt: toDate(p.status_transitions?.paid_at),
        stripeCreated: toDate(p.created) ?? new Date(0),
      });
    }
  }
  await insertRows(db, "Invoice", invoices);
  await insertRows(db, "InvoiceLine", lines);
  await insertRows(db, "InvoiceLineDiscount", lineDiscounts);
  await insertRows(db, "InvoiceLineTax", lineTaxes);
  await insertRows(db, "InvoiceDiscount", invDiscounts);
  await insertRows(db, "InvoiceTax", invTaxes);
  await insertRows(db, "InvoicePayment", payments);

  const piId = new Map<string, string>();
  await insertRows(
    db,
    "PaymentIntent",
    (objects.get("payment_intent") ?? []).map((pi) => {
      const id = randomUUID();
      piId.set(pi.id, id);
      const err = pi.last_payment_error ?? null;
      return {
        id,
        stripeId: pi.id,
        customerId: customerId.get(idOf(pi.customer) ?? "") ?? null,
        amount: big(pi.amount),
        amountReceived: big(pi.amount_received),
        currency: pi.currency,
        status: pi.status,
        description: pi.description ?? null,
        lastErrorCode: err?.code ?? null,
        lastDeclineCode: err?.decline_code ?? null,
        lastErrorMessage: err?.message ?? null,
        stripeCreated: toDate(pi.created) ?? new Date(0),
      };
    }),
  );
  const chargeId = new Map<string, { id: string; customerId: string | null }>();
  await insertRows(
    db,
    "Charge",
    (objects.get("charge") ?? []).map((ch) => {
      const id = randomUUID();
      const cust = customerId.get(idOf(ch.customer) ?? "") ?? null;
      chargeId.set(ch.id, { id, customerId: cust });
      return { id, stripeId: ch.id, ...chargeFields(ch, cust, piId.get(idOf(ch.payment_intent) ?? "") ?? null, null) };
    }),
  );
  await insertRows(
    db,
    "Refund",
    (objects.get("refund") ?? []).map((re) => {
      const ch = chargeId.get(idOf(re.charge) ?? "");
      return {
        stripeId: re.id,
        chargeId: ch?.id ?? null,
        customerId: ch?.customerId ?? null,
        paymentIntentStripeId: idOf(re.payment_intent),
        amount: big(re.amount),
        currency: re.currency,
        status: re.status,
        reason: re.reason ?? null,
        creditNoteStripeId: re.metadata?.credit_note ?? null,
        stripeCreated: toDate(re.created) ?? new Date(0),
      };
    }),
  );
  await insertRows(
    db,
    "CreditNote",
    (objects.get("credit_note") ?? [])
      .filter((cn) => invoiceId.has(idOf(cn.invoice) ?? ""))
      .map((cn) => {
        const refundAmount = (cn.refunds ?? []).reduce((s: bigint, r: Obj) => s + big(r.amount_refunded), 0n);
        return {
          stripeId: cn.id,
          invoiceId: invoiceId.get(idOf(cn.invoice)!)!,
          customerId: customerId.get(idOf(cn.customer)!)!,
          number: cn.number ?? null,
          status: cn.status === "void" ? ("VOID" as const) : ("ISSUED" as const),
          type: cn.type ?? null,
          reason: cn.reason ?? null,
          currency: cn.currency,
          amount: big(cn.amount),
          subtotal: big(cn.subtotal),
          subtotalExcludingTax: bigOrNull(cn.subtotal_excluding_tax),
          total: big(cn.total),
          totalExcludingTax: bigOrNull(cn.total_excluding_tax),
          discountAmount: big(cn.discount_amount),
          prePaymentAmount: big(cn.pre_payment_amount),
          postPaymentAmount: big(cn.post_payment_amount),
          outOfBandAmount: big(cn.out_of_band_amount),
          refundAmount,
          creditAmount: big(cn.post_payment_amount) - refundAmount - big(cn.out_of_band_amount),
          memo: cn.memo ?? null,
          metadata: cn.metadata ?? null,
          stripeCreated: toDate(cn.created) ?? new Date(0),
        };
      }),
  );
  await insertRows(
    db,
    "Chargeback",
    (objects.get("dispute") ?? []).map((dp) => {
      const ch = chargeId.get(idOf(dp.charge) ?? "");
      return {
        stripeId: dp.id,
        chargeId: ch?.id ?? null,
        chargeStripeId: idOf(dp.charge) ?? "",
        customerId: ch?.customerId ?? null,
        amount: big(dp.amount),
        currency: dp.currency,
        status: dp.status,
        reason: dp.reason ?? null,
        stripeCreated: toDate(dp.created) ?? new Date(0),
      };
    }),
  );
}
