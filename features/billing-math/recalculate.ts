// A recalculation for the dispute desk: the invoice as computed from its inputs, the same
// invoice after the agent's edits, and the difference per line and in every total.
// difference = original − recalculated, as Recalculation.differenceMinor in the schema:
// positive means the invoice charged more than the recalculation gives (customer overcharged).
import { applyEdits, type InvoiceEdit } from "./apply-edits";
import { computeInvoice } from "./compute-invoice";
import type { InvoiceInput, InvoiceResult, LineResult } from "./types";

export interface Comparison {
  original: bigint;
  recalculated: bigint;
  /** original − recalculated (positive: overcharged). */
  difference: bigint;
}

export interface LineComparison {
  lineId: string;
  status: "unchanged" | "changed" | "removed";
  original: LineResult;
  recalculated: LineResult | null;
  amount: Comparison;
  discount: Comparison;
  tax: Comparison;
  /** discounted amount + exclusive tax: what the line adds to the invoice total. */
  total: Comparison;
}

export interface Recalculation {
  currency: string;
  edits: readonly InvoiceEdit[];
  /** The edited inputs: recalculate(result.input, []) reproduces `recalculated`. */
  input: InvoiceInput;
  original: InvoiceResult;
  recalculated: InvoiceResult;
  lines: LineComparison[];
  totals: {
    subtotal: Comparison;
    subtotalExcludingTax: Comparison;
    totalDiscount: Comparison;
    totalTax: Comparison;
    total: Comparison;
    totalExcludingTax: Comparison;
  };
  discounts: (Comparison & { discountId: string })[];
  taxes: (Comparison & { taxRateId: string })[];
  /** True when any amount differs. */
  changed: boolean;
}

const cmp = (original: bigint, recalculated: bigint): Comparison => ({ original, recalculated, difference: original - recalculated });

function byId<T>(a: readonly T[], b: readonly T[], id: (t: T) => string, amount: (t: T) => bigint) {
  const m = new Map<string, { o: bigint; r: bigint }>();
  for (const t of a) m.set(id(t), { o: (m.get(id(t))?.o ?? 0n) + amount(t), r: 0n });
  for (const t of b) {
    const e = m.get(id(t)) ?? { o: 0n, r: 0n };
    e.r += amount(t);
    m.set(id(t), e);
  }
  return [...m].map(([k, v]) => ({ id: k, ...cmp(v.o, v.r) }));
}

const tax = (l: LineResult) => l.exclusiveTax + l.inclusiveTax;

function compareLine(o: LineResult, r: LineResult | undefined): LineComparison {
  const c: LineComparison = {
    lineId: o.id,
    status: "unchanged",
    original: o,
    recalculated: r ?? null,
    amount: cmp(o.amount, r?.amount ?? 0n),
    discount: cmp(o.discountTotal, r?.discountTotal ?? 0n),
    tax: cmp(tax(o), r ? tax(r) : 0n),
    total: cmp(o.total, r?.total ?? 0n),
  };
  if (!r) c.status = "removed";
  else if (c.amount.difference || c.discount.difference || c.tax.difference || c.total.difference || o.exclusiveTax !== r.exclusiveTax) c.status = "changed";
  return c;
}

export function recalculate(original: InvoiceInput, edits: readonly InvoiceEdit[] = [], opts: { originalResult?: InvoiceResult } = {}): Recalculation {
  const input = applyEdits(original, edits);
  const before = opts.originalResult ?? computeInvoice(original);
  const after = computeInvoice(input);
  const afterById = new Map(after.lines.map((l) => [l.id, l]));
  const lines = before.lines.map((o) => compareLine(o, afterById.get(o.id)));
  const totals = {
    subtotal: cmp(before.subtotal, after.subtotal),
    subtotalExcludingTax: cmp(before.subtotalExcludingTax, after.subtotalExcludingTax),
    totalDiscount: cmp(before.totalDiscount, after.totalDiscount),
    totalTax: cmp(before.totalTax, after.totalTax),
    total: cmp(before.total, after.total),
    totalExcludingTax: cmp(before.totalExcludingTax, after.totalExcludingTax),
  };
  const discounts = byId(
    before.totalDiscountAmounts,
    after.totalDiscountAmounts,
    (d) => d.discountId,
    (d) => d.amount,
  ).map(({ id, ...c }) => ({ discountId: id, ...c }));
  const taxes = byId(
    before.totalTaxes,
    after.totalTaxes,
    (t) => t.taxRateId,
    (t) => t.amount,
  ).map(({ id, ...c }) => ({ taxRateId: id, ...c }));
  const changed =
    lines.some((l) => l.status !== "unchanged") ||
    Object.values(totals).some((c) => c.difference !== 0n) ||
    discounts.some((d) => d.difference !== 0n) ||
    taxes.some((t) => t.difference !== 0n);
  return { currency: after.currency, edits, input, original: before, recalculated: after, lines, totals, discounts, taxes, changed };
}
