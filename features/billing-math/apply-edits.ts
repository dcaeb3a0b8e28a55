// The desk's edits to an invoice's inputs. Every edit is idempotent (applying the same list
// twice equals applying it once) and never mutates its input.
import type { TierInput, TiersMode } from "./pricing";
import type { DecimalInput, DiscountInput, InvoiceInput, LineInput, TaxRateInput } from "./types";

/** A contracted tiered price: the line's quantity is priced through these tiers (pricing.ts), as a Stripe tiered Price would. */
export interface TieredTariff {
  tiersMode: TiersMode;
  tiers: readonly TierInput[];
}

/**
 * A contracted tariff of a price or product, in force for periods starting in [validFrom, validTo):
 * a unit price, or tiers (then unitAmountDecimal is absent or null).
 */
export interface TariffEntry {
  priceId?: string | null;
  productId?: string | null;
  unitAmountDecimal?: DecimalInput | null;
  tiered?: TieredTariff | null;
  /** Unix seconds, inclusive; missing = always. Compared with the line's periodStart. */
  validFrom?: number | null;
  /** Unix seconds, exclusive; missing = open-ended. */
  validTo?: number | null;
}

export type InvoiceEdit =
  | { type: "set_quantity"; lineId: string; quantity: DecimalInput }
  | { type: "set_unit_amount"; lineId: string; unitAmountDecimal: DecimalInput }
  | { type: "remove_line"; lineId: string }
  /** Adds or replaces (by id) a discount: on one line when lineId is given, else at invoice level. */
  | { type: "set_discount"; discount: DiscountInput; lineId?: string }
  /** Removes a discount from one line, or (no lineId) from the invoice level and every line. */
  | { type: "remove_discount"; discountId: string; lineId?: string }
  /**
   * Adds or replaces (by id) a tax rate on one line; without lineId, fixes the rate wherever it
   * is used (lines and defaults), or adds it to the invoice defaults when it is used nowhere.
   */
  | { type: "set_tax_rate"; taxRate: TaxRateInput; lineId?: string }
  | { type: "remove_tax_rate"; taxRateId: string; lineId?: string }
  /**
   * Moves the change time of a proration line (both lines of a plan or seat change are moved
   * together by the caller): its amount is prorated again from the new time (proration.ts).
   */
  | { type: "set_proration_date"; lineId: string; prorationDate: number }
  /**
   * Prices one line through contracted tiers: its amount follows its quantity through them; a
   * proration line keeps its period and change date, so the tiered amount is prorated.
   */
  | { type: "set_tiered_price"; lineId: string; tiered: TieredTariff }
  /**
   * Reprices every line a tariff entry matches (first matching entry wins): a unit price makes it
   * quantity × unit; tiers price it through them (a proration line's tiered amount is prorated).
   */
  | { type: "apply_tariff"; tariff: readonly TariffEntry[] };

function upsert<T extends { id: string }>(list: readonly T[] | null | undefined, item: T): T[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((x) => x.id === item.id);
  if (i >= 0) out[i] = item;
  else out.push(item);
  return out;
}

const without = <T extends { id: string }>(list: readonly T[] | null | undefined, id: string): T[] => (list ?? []).filter((x) => x.id !== id);

function tariffFor(line: LineInput, tariff: readonly TariffEntry[]): TariffEntry | undefined {
  return tariff.find((t) => {
    const matches = (t.priceId && t.priceId === line.priceId) || (t.productId && t.productId === line.productId);
    if (!matches) return false;
    const at = line.periodStart;
    if (at === null || at === undefined) return t.validFrom == null && t.validTo == null;
    return (t.validFrom == null || at >= t.validFrom) && (t.validTo == null || at < t.validTo);
  });
}

/**
 * The line priced through contracted tiers. Stripe prices a tiered item's whole quantity through
 * the tiers and prorates that amount (proration.ts: full(item) × factor), so a proration line keeps
 * its proration; any other line's own unit amount or fixed amount no longer applies.
 */
function tieredLine(l: LineInput, t: TieredTariff): LineInput {
  const price = { billingScheme: "tiered" as const, tiersMode: t.tiersMode, tiers: t.tiers };
  return { ...l, unitAmountDecimal: null, amount: null, price, proration: l.proration ?? null };
}

function applyOne(inv: InvoiceInput, e: InvoiceEdit): InvoiceInput {
  const onLine = (lineId: string, f: (l: LineInput) => LineInput): InvoiceInput => {
    if (!inv.lines.some((l) => l.id === lineId)) throw new RangeError(`${e.type}: no line ${lineId}`);
    return { ...inv, lines: inv.lines.map((l) => (l.id === lineId ? f(l) : l)) };
  };
  switch (e.type) {
    case "set_quantity":
      return onLine(e.lineId, (l) => ({ ...l, quantity: e.quantity }));
    case "set_unit_amount":
      // A line that had an explicit amount becomes quantity × unit price.
      // A priced line (tiers, packages, proration) becomes a plain quantity × unit line too.
      return onLine(e.lineId, (l) => ({ ...l, unitAmountDecimal: e.unitAmountDecimal, amount: null, price: null, proration: null }));
    case "set_tiered_price":
      return onLine(e.lineId, (l) => tieredLine(l, e.tiered));
    case "set_proration_date":
      return onLine(e.lineId, (l) => {
        const p = l.proration;
        if (!p || !l.price) throw new RangeError(`set_proration_date: line ${l.id} is not a proration line with a known price`);
        if (!Number.isSafeInteger(e.prorationDate) || e.prorationDate < p.periodStart || e.prorationDate >= p.periodEnd)
          throw new RangeError(`set_proration_date: ${e.prorationDate} is outside the period [${p.periodStart}, ${p.periodEnd})`);
        return { ...l, proration: { ...p, prorationDate: e.prorationDate } };
      });
    case "remove_line":
      return { ...inv, lines: inv.lines.filter((l) => l.id !== e.lineId) };
    case "set_discount":
      if (e.lineId) return onLine(e.lineId, (l) => ({ ...l, discounts: upsert(l.discounts, e.discount) }));
      return { ...inv, discounts: upsert(inv.discounts, e.discount) };
    case "remove_discount":
      if (e.lineId) return onLine(e.lineId, (l) => ({ ...l, discounts: without(l.discounts, e.discountId) }));
      return {
        ...inv,
        discounts: without(inv.discounts, e.discountId),
        lines: inv.lines.map((l) => (l.discounts?.some((d) => d.id === e.discountId) ? { ...l, discounts: without(l.discounts, e.discountId) } : l)),
      };
    case "set_tax_rate": {
      const t = e.taxRate;
      // A line without its own rates is taxed at the defaults: editing it starts from those.
      if (e.lineId) return onLine(e.lineId, (l) => ({ ...l, taxRates: upsert(l.taxRates ?? inv.defaultTaxRates, t) }));
      const used = inv.defaultTaxRates?.some((r) => r.id === t.id) || inv.lines.some((l) => l.taxRates?.some((r) => r.id === t.id));
      if (!used) return { ...inv, defaultTaxRates: upsert(inv.defaultTaxRates, t) };
      return {
        ...inv,
        defaultTaxRates: inv.defaultTaxRates?.some((r) => r.id === t.id) ? upsert(inv.defaultTaxRates, t) : inv.defaultTaxRates,
        lines: inv.lines.map((l) => (l.taxRates?.some((r) => r.id === t.id) ? { ...l, taxRates: upsert(l.taxRates, t) } : l)),
      };
    }
    case "remove_tax_rate":
      if (e.lineId) return onLine(e.lineId, (l) => ({ ...l, taxRates: without(l.taxRates ?? inv.defaultTaxRates, e.taxRateId) }));
      return {
        ...inv,
        defaultTaxRates: without(inv.defaultTaxRates, e.taxRateId),
        lines: inv.lines.map((l) => (l.taxRates?.some((r) => r.id === e.taxRateId) ? { ...l, taxRates: without(l.taxRates, e.taxRateId) } : l)),
      };
    case "apply_tariff":
      return {
        ...inv,
        lines: inv.lines.map((l) => {
          const t = tariffFor(l, e.tariff);
          if (!t) return l;
          if (t.tiered) return tieredLine(l, t.tiered);
          if (t.unitAmountDecimal === null || t.unitAmountDecimal === undefined) throw new RangeError("apply_tariff: a tariff needs a unit amount or tiers");
          return { ...l, unitAmountDecimal: t.unitAmountDecimal, amount: null, price: null, proration: null };
        }),
      };
  }
}

export function applyEdits(invoice: InvoiceInput, edits: readonly InvoiceEdit[]): InvoiceInput {
  return edits.reduce(applyOne, invoice);
}
