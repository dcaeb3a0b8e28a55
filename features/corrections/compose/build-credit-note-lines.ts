import type { CreditLine, LineMode } from "../types";

export interface RecalculatedLine {
  /** The recalculation's line id: Settle's InvoiceLine id or Stripe's il_… id. */
  lineId: string;
  /** original − recalculated line amount (before discounts). */
  amountDifference: bigint;
  /** original − recalculated line total (after discounts, with exclusive tax). */
  totalDifference: bigint;
}

export interface InvoiceLineRef {
  id: string;
  stripeId: string;
  description: string | null;
  amount: bigint;
  /**
   * The subscription change a proration line belongs to (its credit and debit share it, see
   * prorationChangeKey). Within one change an undercharged half offsets the overcharged one.
   */
  changeKey?: string | null;
}

/** One plan or seat change: Stripe bills it as a credit and a debit proration of one item over one period. */
export function prorationChangeKey(l: {
  proration: boolean;
  subscriptionItemId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}): string | null {
  if (!l.proration || !l.subscriptionItemId || !l.periodStart || !l.periodEnd) return null;
  return `${l.subscriptionItemId}|${l.periodStart.getTime()}|${l.periodEnd.getTime()}`;
}

export interface BuiltLines {
  lines: CreditLine[];
  /** Lines with a difference that the credit note cannot carry (the customer was undercharged). */
  skipped: { lineId: string; reason: "undercharged" | "unknown_line" }[];
}

/**
 * Credit-note lines from a recalculation. "invoice_line" credits each line's amount
 * difference on the invoice line itself (Stripe then takes its share of the line's discounts and
 * taxes); a line whose amount did not change but whose total did (a tax rate or discount fix)
 * has no invoice-line form and becomes a custom line of the total difference. "custom" uses one
 * custom line per changed line, for the total difference. Undercharges are never credited.
 */
export function buildCreditNoteLines(input: { mode: LineMode; lines: readonly RecalculatedLine[]; invoiceLines: readonly InvoiceLineRef[] }): BuiltLines {
  const byId = new Map<string, InvoiceLineRef>();
  for (const l of input.invoiceLines) {
    byId.set(l.id, l);
    byId.set(l.stripeId, l);
  }
  const out: BuiltLines = { lines: [], skipped: [] };
  // Moving a plan change's date changes both its proration lines: the debit's overcharge is
  // credited less the credit's undercharge, so the credit note is the change's net difference.
  const owed = new Map<string, bigint>();
  const keys: (string | null)[] = [];
  for (const r of input.lines) {
    if (r.amountDifference === 0n && r.totalDifference === 0n) continue;
    const il = byId.get(r.lineId);
    if (!il) {
      out.skipped.push({ lineId: r.lineId, reason: "unknown_line" });
      continue;
    }
    if (r.totalDifference <= 0n) {
      out.skipped.push({ lineId: r.lineId, reason: "undercharged" });
      if (il.changeKey) {
        const d = input.mode === "invoice_line" ? r.amountDifference : r.totalDifference;
        if (d < 0n) owed.set(il.changeKey, (owed.get(il.changeKey) ?? 0n) - d);
      }
      continue;
    }
    keys[out.lines.length] = il.changeKey ?? null;
    const description = il.description ?? il.stripeId;
    if (input.mode === "invoice_line" && r.amountDifference > 0n) {
      const amount = r.amountDifference > il.amount ? il.amount : r.amountDifference;
      out.lines.push({ type: "invoice_line_item", invoice_line_item: il.stripeId, amount: amount.toString(), description });
    } else {
      out.lines.push({
        type: "custom_line_item",
        description: `Correction: ${description}`.slice(0, 200),
        quantity: 1,
        unit_amount: r.totalDifference.toString(),
      });
    }
  }
  if (owed.size) {
    const lines: CreditLine[] = [];
    out.lines.forEach((l, i) => {
      const key = keys[i];
      const due = key ? (owed.get(key) ?? 0n) : 0n;
      if (!due) return void lines.push(l);
      const amount = BigInt(l.type === "invoice_line_item" ? l.amount : l.unit_amount);
      const left = amount > due ? amount - due : 0n;
      owed.set(key!, due - (amount - left));
      if (left > 0n) lines.push(l.type === "invoice_line_item" ? { ...l, amount: left.toString() } : { ...l, unit_amount: left.toString() });
    });
    out.lines = lines;
  }
  return out;
}
