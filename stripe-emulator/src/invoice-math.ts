// Pure invoice arithmetic (no state, no I/O): the rules in README.md "Money rules".
// Inputs are exact (bigint / rationals); every rounding is roundAmount() (half up, and to a
// multiple of 10 for three-decimal currencies).
import { allocate, div, exponent, mul, parseDecimal, rat, roundAmount, type Rat } from "./money";

export interface CouponIn {
  /** id of the Discount object this coupon application is reported under */
  discount: string;
  percentOff?: string | null;
  amountOff?: bigint | null;
}

export interface TaxIn {
  rate: string;
  percentage: string;
  inclusive: boolean;
  /**
   * Stripe Tax's taxability_reason (default standard_rated). `collect: "none"` collects nothing:
   * its taxable_amount is 0 (not_collecting, customer_exempt) or, with `reportTaxable`, the whole
   * line (reverse_charge: the sale is taxable, the customer accounts for the tax). Nothing is
   * netted out of an inclusive line that collects nothing (Stripe: "A tax-inclusive price remains
   * unchanged"); the sources of this reading are cited at invoice-build.ts `stripeTaxability`.
   */
  reason?: string;
  collect?: "all" | "none";
  reportTaxable?: boolean;
}

export interface LineIn {
  /** explicit amount (imported invoices, custom amounts) */
  amount?: bigint;
  /** or quantity × unit amount (minor units, decimal strings) */
  quantity?: string;
  unitAmountDecimal?: string;
  discountable: boolean;
  coupons: CouponIn[];
  taxes: TaxIn[];
}

export interface TaxOut {
  rate: string;
  inclusive: boolean;
  amount: bigint;
  taxable: bigint;
  reason: string;
}

export interface LineOut {
  amount: bigint;
  discounts: { discount: string; amount: bigint }[];
  taxes: TaxOut[];
}

export interface Totals {
  lines: LineOut[];
  subtotal: bigint;
  subtotalExcludingTax: bigint;
  totalDiscount: bigint;
  discounts: { discount: string; amount: bigint }[];
  taxes: TaxOut[];
  total: bigint;
  totalExcludingTax: bigint;
}

export function lineAmount(l: LineIn, currency: string): bigint {
  if (l.amount !== undefined) return l.amount;
  const q = parseDecimal(l.quantity ?? "1")!;
  const u = parseDecimal(l.unitAmountDecimal ?? "0")!;
  return roundAmount(mul(q, u), currency);
}

function couponDiscount(c: CouponIn, base: bigint, currency: string): bigint {
  if (base <= 0n) return 0n;
  if (c.percentOff) {
    const d = roundAmount(div(mul(rat(base), parseDecimal(c.percentOff)!), rat(100n)), currency);
    return d > base ? base : d;
  }
  const off = c.amountOff ?? 0n;
  return off < base ? off : base;
}

export function taxFor(taxable: bigint, t: TaxIn, currency: string): bigint {
  const p: Rat = parseDecimal(t.percentage)!;
  const factor = t.inclusive ? div(p, { n: 100n * p.d + p.n, d: p.d }) : div(p, rat(100n));
  return roundAmount(mul(rat(taxable), factor), currency);
}

export function computeInvoice(currency: string, lines: LineIn[], invoiceCoupons: CouponIn[]): Totals {
  const unit = exponent(currency) === 3 ? 10n : 1n;
  const out: LineOut[] = lines.map((l) => ({ amount: lineAmount(l, currency), discounts: [], taxes: [] }));
  const remaining = out.map((o) => o.amount);

  // 1. line-level coupons, in order, each on what is left of the line
  lines.forEach((l, i) => {
    if (!l.discountable) return;
    for (const c of l.coupons) {
      const d = couponDiscount(c, remaining[i], currency);
      out[i].discounts.push({ discount: c.discount, amount: d });
      remaining[i] -= d;
    }
  });

  // 2. invoice-level coupons on the sum of what is left of the discountable lines, credit
  // (negative) lines included: Stripe's negative invoice items are discountable only when created
  // with discountable=true, and then the coupon applies to them too. The discount is allocated
  // back by largest remainder over the lines with something left (base ≤ Σ weights).
  for (const c of invoiceCoupons) {
    const weights = lines.map((l, i) => (l.discountable && remaining[i] > 0n ? remaining[i] : 0n));
    const base = lines.reduce((a, l, i) => (l.discountable ? a + remaining[i] : a), 0n);
    const d = couponDiscount(c, base, currency);
    const shares = allocate(d, weights, unit);
    lines.forEach((l, i) => {
      if (!l.discountable) return;
      out[i].discounts.push({ discount: c.discount, amount: shares[i] });
      remaining[i] -= shares[i];
    });
  }

  // 3. taxes per line, per rate, on the discounted line amount
  lines.forEach((l, i) => {
    const base = remaining[i];
    const taxes = l.taxes.map((t) =>
      t.collect === "none"
        ? { rate: t.rate, inclusive: t.inclusive, amount: 0n, taxable: t.reportTaxable ? base : 0n, reason: t.reason ?? "not_collecting", none: true }
        : { rate: t.rate, inclusive: t.inclusive, amount: taxFor(base, t, currency), taxable: base, reason: t.reason ?? "standard_rated", none: false },
    );
    const inclusiveTax = taxes.filter((t) => t.inclusive).reduce((a, t) => a + t.amount, 0n);
    for (const t of taxes) if (t.inclusive && !t.none) t.taxable = base - inclusiveTax;
    out[i].taxes = taxes.map(({ none: _none, ...t }) => t);
  });

  const discounts = sumBy(
    out.flatMap((o) => o.discounts),
    (d) => d.discount,
  );
  const totalDiscount = discounts.reduce((a, d) => a + d.amount, 0n);
  // Stripe's subtotal already has the lines' own (item) discounts taken off ("Item discounts are
  // already incorporated"); only invoice-level discounts and exclusive tax come after it.
  const invoiceIds = new Set(invoiceCoupons.map((c) => c.discount));
  const invoiceDiscount = out.reduce((a, o) => a + o.discounts.reduce((b, d) => (invoiceIds.has(d.discount) ? b + d.amount : b), 0n), 0n);
  const subtotal = out.reduce((a, o) => a + o.amount, 0n) - (totalDiscount - invoiceDiscount);
  const allTaxes = out.flatMap((o) => o.taxes);
  const taxes = sumTaxes(allTaxes);
  const incl = allTaxes.filter((t) => t.inclusive).reduce((a, t) => a + t.amount, 0n);
  const excl = allTaxes.filter((t) => !t.inclusive).reduce((a, t) => a + t.amount, 0n);
  const total = subtotal - invoiceDiscount + excl;
  return {
    lines: out,
    subtotal,
    subtotalExcludingTax: subtotal - incl,
    totalDiscount,
    discounts,
    taxes,
    total,
    totalExcludingTax: total - incl - excl,
  };
}

function sumBy(items: { discount: string; amount: bigint }[], key: (d: { discount: string }) => string) {
  const m = new Map<string, bigint>();
  for (const d of items) m.set(key(d), (m.get(key(d)) ?? 0n) + d.amount);
  return [...m].map(([discount, amount]) => ({ discount, amount }));
}

function sumTaxes(items: TaxOut[]): TaxOut[] {
  const m = new Map<string, TaxOut>();
  for (const t of items) {
    const prev = m.get(t.rate);
    if (prev) {
      prev.amount += t.amount;
      prev.taxable += t.taxable;
    } else m.set(t.rate, { ...t });
  }
  return [...m.values()];
}
