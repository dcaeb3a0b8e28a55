// Real invoices Stripe produced (not written by us nor by the emulator), trimmed; each file's
// `_source` names where it was recorded, its API version and licence. They are checked through the
// billing math (verifyInvoice) and through the billing audit's invoice_math rule as the projection
// would hand them over: both must find nothing wrong on these clean invoices.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { invoiceMath } from "@/features/billing-audit/rules/invoice-math";
import { withInvoice } from "@/features/billing-audit/testing/context";
import type { AuditInvoice, AuditTax } from "@/features/billing-audit/types";
import { fromStripeInvoice, type StripeInvoiceLike } from "./from-stripe-invoice";
import { verifyInvoice } from "./verify-invoice";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON of two API generations
type Json = Record<string, any>;
const dir = path.join(import.meta.dirname, "testing", "recorded");
const recorded = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { _source: Json; invoice: Json }) }));

/** Tax entries of either API generation, as the projection stores them (rate percentage unknown → "0", as project-invoice does). */
function auditTaxes(current: Json[] | undefined, older: Json[] | undefined): AuditTax[] {
  const entries: Json[] = current?.length
    ? current.map((t) => ({ rate: t.tax_rate_details.tax_rate, inclusive: t.tax_behavior === "inclusive", ...t }))
    : (older ?? []).map((t) => ({ rate: t.tax_rate, ...t }));
  return entries.map((t) => ({
    taxRateId: t.rate,
    percentage: "0",
    inclusive: t.inclusive,
    amount: BigInt(t.amount),
    taxableAmount: BigInt(t.taxable_amount ?? 0),
    taxabilityReason: t.taxability_reason ?? null,
  }));
}

function auditInvoice(inv: Json): Partial<AuditInvoice> {
  const lines = inv.lines.data as Json[];
  return {
    stripeId: inv.id,
    currency: inv.currency,
    status: "PAID",
    subtotal: BigInt(inv.subtotal),
    subtotalExcludingTax: BigInt(inv.subtotal_excluding_tax),
    total: BigInt(inv.total),
    totalExcludingTax: BigInt(inv.total_excluding_tax),
    amountDue: BigInt(inv.amount_due),
    amountPaid: BigInt(inv.amount_paid),
    amountRemaining: BigInt(inv.amount_remaining),
    lines: lines.map((l, position) => ({
      id: `row_${position}`,
      stripeId: l.id,
      position,
      currency: inv.currency,
      amount: BigInt(l.amount),
      quantity: String(l.quantity ?? 1),
      unitAmountDecimal: null,
      priceId: null,
      productId: null,
      periodStart: null,
      periodEnd: null,
      proration: Boolean(l.proration),
      discounts: (l.discount_amounts as Json[]).map((d) => ({
        discountId: d.discount,
        couponId: null,
        percentOff: null,
        amountOff: null,
        scope: (l.discounts as string[]).includes(d.discount) ? "line" : "invoice",
        amount: BigInt(d.amount),
      })),
      taxes: auditTaxes(l.taxes, l.tax_amounts),
    })),
    discounts: (inv.total_discount_amounts as Json[]).map((d) => ({ discountId: d.discount, couponId: null, amount: BigInt(d.amount) })),
    taxes: auditTaxes(inv.total_taxes, inv.total_tax_amounts),
    payments: [],
  };
}

describe("real recorded Stripe invoices", () => {
  it("are there, each with its source, API version and licence", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(2);
    for (const r of recorded) expect(Object.keys(r._source)).toEqual(expect.arrayContaining(["origin", "api_version", "licence"]));
  });

  for (const r of recorded) {
    describe(r.file, () => {
      it("reads every tax entry's taxability reason and own taxable amount", () => {
        const { input, stored } = fromStripeInvoice(r.invoice as StripeInvoiceLike);
        const entries = (r.invoice.lines.data as Json[]).flatMap((l) => l.taxes ?? l.tax_amounts ?? []);
        expect(entries.length).toBeGreaterThan(0);
        expect(input.lines.flatMap((l) => l.taxability ?? []).map((t) => [t.reason, t.taxableAmount])).toEqual(
          entries.map((t: Json) => [t.taxability_reason, t.taxable_amount]),
        );
        expect(stored.totalTaxes.map((t) => t.taxabilityReason)).toEqual(
          (r.invoice.total_taxes ?? r.invoice.total_tax_amounts).map((t: Json) => t.taxability_reason),
        );
      });
      it("the billing math finds no mismatch", () => {
        expect(verifyInvoice(r.invoice as StripeInvoiceLike)).toEqual([]);
      });
      it("the invoice_math audit rule raises no finding", () => {
        expect(invoiceMath(withInvoice(auditInvoice(r.invoice)))).toEqual([]);
      });
    });
  }
});
