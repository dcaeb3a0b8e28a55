// Lines, discounts and taxes must add up to the stored totals, and Stripe's own identities must
// hold. The line amounts and discount amounts are taken as stored (line math has its own rule),
// so this checks the arithmetic that follows them: taxes per line and rate, sums and totals.
import { compareInvoice, computeInvoice, type InvoiceInput, type Mismatch } from "@/features/billing-math";
import { abs, draft } from "./helpers";
import type { AuditContext, FindingDraft, Rule } from "../types";

function input(ctx: AuditContext): InvoiceInput {
  return {
    currency: ctx.invoice.currency,
    lines: ctx.invoice.lines.map((l) => {
      // The line's own (item) discounts are part of Stripe's subtotal; its shares of invoice
      // discounts come after it. Both are taken as stored.
      const own = l.discounts.reduce((s, d) => (d.scope === "line" ? s + d.amount : s), 0n);
      const shared = l.discounts.reduce((s, d) => (d.scope === "line" ? s : s + d.amount), 0n);
      return {
        id: l.stripeId,
        amount: l.amount,
        discounts: own > 0n ? [{ id: `stored:${l.stripeId}`, amountOff: own }] : [],
        allocatedInvoiceDiscounts: shared > 0n ? [{ id: `stored-invoice:${l.stripeId}`, amount: shared }] : [],
        taxRates: l.taxes.map((t) => ({ id: t.taxRateId, percentage: t.percentage, inclusive: t.inclusive })),
        // Stripe Tax: a not-collected or partly taxable entry is checked on its own taxable amount.
        taxability: l.taxes.some((t) => t.taxabilityReason)
          ? l.taxes.map((t) => ({ taxRateId: t.taxRateId, reason: t.taxabilityReason ?? null, taxableAmount: t.taxableAmount }))
          : null,
      };
    }),
  };
}

function mismatches(ctx: AuditContext): Mismatch[] {
  const inv = ctx.invoice;
  const computed = computeInvoice(input(ctx));
  const stored = {
    currency: inv.currency,
    lines: inv.lines.map((l) => ({ id: l.stripeId, amount: l.amount, discountAmounts: [], taxes: l.taxes })),
    subtotal: inv.subtotal,
    subtotalExcludingTax: inv.subtotalExcludingTax,
    // Compared below against the lines' own allocations instead.
    totalDiscountAmounts: computed.totalDiscountAmounts,
    totalTaxes: inv.taxes,
    total: inv.total,
    totalExcludingTax: inv.totalExcludingTax,
    amountDue: inv.amountDue,
    amountPaid: inv.amountPaid,
    amountRemaining: inv.amountRemaining,
  };
  const out = compareInvoice(stored, computed).filter((m) => !m.field.includes(".discount_amounts["));
  // Each discount's allocations over the lines must add up to the invoice's figure for it.
  const fromLines = new Map<string, bigint>();
  for (const l of inv.lines) for (const d of l.discounts) fromLines.set(d.discountId, (fromLines.get(d.discountId) ?? 0n) + d.amount);
  const onInvoice = new Map(inv.discounts.map((d) => [d.discountId, d.amount]));
  for (const id of new Set([...fromLines.keys(), ...onInvoice.keys()])) {
    const expected = fromLines.get(id) ?? 0n;
    const actual = onInvoice.get(id) ?? 0n;
    if (expected !== actual) out.push({ field: `total_discount_amounts[${id}]`, expected, actual });
  }
  return out;
}

export const invoiceMath: Rule = (ctx) => {
  const inv = ctx.invoice;
  if (inv.status === "DRAFT" || inv.status === "DELETED" || inv.lines.length === 0) return [];
  const found = mismatches(ctx);
  if (!found.length) return [];
  const total = found.find((m) => m.field === "total");
  const stake = total ? abs(total.actual - total.expected) : found.reduce((s, m) => (abs(m.actual - m.expected) > s ? abs(m.actual - m.expected) : s), 0n);
  const out: FindingDraft = draft(ctx, {
    rule: "invoice_math",
    fingerprint: `invoice_math:${inv.stripeId}`,
    severity: total ? "HIGH" : "MEDIUM",
    amountAtStakeMinor: stake,
    summary: `Invoice ${inv.number ?? inv.stripeId}: ${found.length} figure(s) do not add up (${found
      .slice(0, 3)
      .map((m) => m.field)
      .join(", ")})`,
    evidence: { mismatches: found.map((m) => ({ field: m.field, expected: m.expected, actual: m.actual })) },
    suggestion: {
      kind: "review",
      note: "Stripe's stored figures disagree with the invoice's own lines; compare with Stripe and correct with a credit note if the customer was overcharged.",
    },
  });
  return [out];
};
