// Checks Stripe's stored numbers against our independent computation. Stripe's values are
// stored as they are; this only reports where they differ (the billing audit's `line_math`).
import { computeInvoice } from "./compute-invoice";
import { fromStripeInvoice, type StripeInvoiceLike, type StripeLookups } from "./from-stripe-invoice";
import type { InvoiceResult, Mismatch, StoredInvoiceAmounts } from "./types";

function sumBy<T>(items: readonly T[], key: (t: T) => string, value: (t: T) => bigint): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0n) + value(t));
  return m;
}

/** Compares per id; an id present on one side only counts as 0 on the other (Stripe lists zero allocations, we may not). */
function compareMaps(out: Mismatch[], field: (id: string) => string, expected: Map<string, bigint>, actual: Map<string, bigint>): void {
  for (const [id, e] of expected) {
    const a = actual.get(id) ?? 0n;
    if (a !== e) out.push({ field: field(id), expected: e, actual: a });
  }
  for (const [id, a] of actual) if (!expected.has(id) && a !== 0n) out.push({ field: field(id), expected: 0n, actual: a });
}

function check(out: Mismatch[], field: string, expected: bigint, actual: bigint | null | undefined): void {
  if (actual !== null && actual !== undefined && actual !== expected) out.push({ field, expected, actual });
}

/** Every field where `stored` differs from `computed` (expected = computed, actual = stored). */
export function compareInvoice(stored: StoredInvoiceAmounts, computed: InvoiceResult): Mismatch[] {
  const out: Mismatch[] = [];
  const storedLines = new Map(stored.lines.map((l) => [l.id, l]));
  for (const c of computed.lines) {
    const s = storedLines.get(c.id);
    if (!s) {
      out.push({ field: `lines[${c.id}]`, expected: c.amount, actual: 0n });
      continue;
    }
    const p = `lines[${c.id}]`;
    check(out, `${p}.amount`, c.amount, s.amount);
    compareMaps(
      out,
      (id) => `${p}.discount_amounts[${id}]`,
      sumBy(
        c.discountAmounts,
        (d) => d.discountId,
        (d) => d.amount,
      ),
      sumBy(
        s.discountAmounts,
        (d) => d.discountId,
        (d) => d.amount,
      ),
    );
    compareMaps(
      out,
      (id) => `${p}.taxes[${id}].amount`,
      sumBy(
        c.taxes,
        (t) => t.taxRateId,
        (t) => t.amount,
      ),
      sumBy(
        s.taxes,
        (t) => t.taxRateId,
        (t) => t.amount,
      ),
    );
    const storedTaxable = s.taxes.filter((t) => t.taxableAmount !== null && t.taxableAmount !== undefined);
    for (const t of c.taxes) {
      const st = storedTaxable.find((x) => x.taxRateId === t.taxRateId);
      if (st) check(out, `${p}.taxes[${t.taxRateId}].taxable_amount`, t.taxableAmount, st.taxableAmount);
    }
  }
  const computedIds = new Set(computed.lines.map((l) => l.id));
  for (const s of stored.lines) if (!computedIds.has(s.id)) out.push({ field: `lines[${s.id}]`, expected: 0n, actual: s.amount });

  check(out, "subtotal", computed.subtotal, stored.subtotal);
  check(out, "subtotal_excluding_tax", computed.subtotalExcludingTax, stored.subtotalExcludingTax);
  compareMaps(
    out,
    (id) => `total_discount_amounts[${id}]`,
    sumBy(
      computed.totalDiscountAmounts,
      (d) => d.discountId,
      (d) => d.amount,
    ),
    sumBy(
      stored.totalDiscountAmounts,
      (d) => d.discountId,
      (d) => d.amount,
    ),
  );
  compareMaps(
    out,
    (id) => `total_taxes[${id}].amount`,
    sumBy(
      computed.totalTaxes,
      (t) => t.taxRateId,
      (t) => t.amount,
    ),
    sumBy(
      stored.totalTaxes,
      (t) => t.taxRateId,
      (t) => t.amount,
    ),
  );
  check(out, "total", computed.total, stored.total);
  check(out, "total_excluding_tax", computed.totalExcludingTax, stored.totalExcludingTax);
  // Stripe's own identity; the credit balance applied to amount_due is not ours to recompute.
  if (stored.amountDue !== null && stored.amountDue !== undefined && stored.amountPaid !== null && stored.amountPaid !== undefined)
    check(out, "amount_remaining", stored.amountDue - stored.amountPaid, stored.amountRemaining);
  return out;
}

/** Recomputes a Stripe invoice from its inputs and lists every stored number that differs. */
export function verifyInvoice(invoice: StripeInvoiceLike, lookups: StripeLookups = {}): Mismatch[] {
  const { input, stored } = fromStripeInvoice(invoice, lookups);
  return compareInvoice(stored, computeInvoice(input));
}
