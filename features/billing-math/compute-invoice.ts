// Stripe's invoice money, exactly as stripe-emulator/README.md ("Money rules") specifies it:
// line amount → line discounts (in order) → invoice discounts (allocated by largest
// remainder) → taxes per line and rate on the discounted amount → invoice totals.
// The invoice `subtotal` is net of the lines' own (item) discounts: Stripe's API reference
// for Invoice.subtotal reads "Total of all subscriptions, invoice items, and prorations on the
// invoice before any invoice level discount or exclusive tax is applied. Item discounts are
// already incorporated" — only invoice-level discounts and exclusive tax come after it.
// Pure: no I/O, bigint minor units, exact rationals, one rounding per computed amount.
import { allocateLargestRemainder, normalizeCurrency, roundHalfUp, toDecimalString, type Rational } from "@/lib/money";
import { computeStep, toMinor, toRational } from "./normalize";
import { taxForEntry } from "./taxability";
import { priceAmount } from "./pricing";
import { prorationCredit, prorationDebit } from "./proration";
import type { DiscountAmount, DiscountInput, InvoiceInput, InvoiceResult, LineInput, LineResult, TaxAmount, TaxRateInput } from "./types";

type Discount = { id: string; percent: Rational | null; amountOff: bigint };
// `den` is the divisor of base × p.n: 100·d exclusive, 100·d + n inclusive (tax contained in the price).
type Rate = { id: string; p: Rational; den: bigint; percentage: string; inclusive: boolean };

/** Half-up rounding of n/d to a multiple of `step` (10 for three-decimal currencies). */
function roundAmount(n: bigint, d: bigint, step: bigint): bigint {
  if (step === 1n) {
    if (d === 1n) return n;
    // Amounts here are never negative: half up without lib/money's sign handling and temporaries.
    if (n >= 0n) {
      const q = n / d;
      return 2n * (n - q * d) >= d ? q + 1n : q;
    }
    return roundHalfUp({ n, d });
  }
  return roundHalfUp({ n, d: d * step }) * step;
}

function discount(d: DiscountInput, where: string): Discount {
  const hasPct = d.percentOff !== null && d.percentOff !== undefined;
  const hasAmt = d.amountOff !== null && d.amountOff !== undefined;
  if (hasPct === hasAmt) throw new RangeError(`${where} ${d.id}: exactly one of percentOff and amountOff`);
  if (hasPct) {
    const percent = toRational(d.percentOff!, `${where} ${d.id} percentOff`);
    if (percent.n < 0n || percent.n > 100n * percent.d) throw new RangeError(`${where} ${d.id}: percentOff must be within 0..100`);
    return { id: d.id, percent, amountOff: 0n };
  }
  const amountOff = toMinor(d.amountOff!, `${where} ${d.id} amountOff`);
  if (amountOff < 0n) throw new RangeError(`${where} ${d.id}: amountOff must not be negative`);
  return { id: d.id, percent: null, amountOff };
}

// Callers build a fresh TaxRateInput per line (the audit rebuilds one for every stored tax entry),
// so an identity cache never hits; keyed by the rate's content, a sweep parses each rate once.
// Bounded by clearing, like normalize.ts's cache.
const rateCache = new Map<string, Rate>();
const MAX_CACHED_RATES = 10_000;
function rate(t: TaxRateInput): Rate {
  const key = `${t.id}\u0000${typeof t.percentage === "number" ? `#${t.percentage}` : String(t.percentage)}\u0000${t.inclusive ? 1 : 0}`;
  let r = rateCache.get(key);
  if (!r) {
    const p = toRational(t.percentage, `tax rate ${t.id} percentage`);
    if (p.n < 0n) throw new RangeError(`tax rate ${t.id}: percentage must not be negative`);
    r = { id: t.id, p, den: t.inclusive ? 100n * p.d + p.n : 100n * p.d, percentage: toDecimalString(p), inclusive: t.inclusive };
    if (rateCache.size >= MAX_CACHED_RATES) rateCache.clear();
    rateCache.set(key, r);
  }
  return r;
}

/** A coupon's amount on `base` (never more than base, never negative). */
function discountOn(d: Discount, base: bigint, step: bigint): bigint {
  if (base <= 0n) return 0n;
  const x = d.percent ? roundAmount(base * d.percent.n, 100n * d.percent.d, step) : d.amountOff;
  return x > base ? base : x;
}

export function lineAmount(line: LineInput, step: bigint, currency?: string): bigint {
  if (line.price && currency) {
    const quantity = line.quantity ?? 1n;
    const p = line.proration;
    if (p) {
      const item = { price: line.price, quantity };
      const period = { start: p.periodStart, end: p.periodEnd };
      return (p.side === "credit" ? prorationCredit : prorationDebit)(item, period, p.prorationDate, currency).amount;
    }
    return priceAmount(line.price, quantity, currency).amount;
  }
  const hasUnit = line.unitAmountDecimal !== null && line.unitAmountDecimal !== undefined;
  if (!hasUnit) {
    if (line.amount === null || line.amount === undefined) throw new RangeError(`line ${line.id}: needs unitAmountDecimal or amount`);
    return toMinor(line.amount, `line ${line.id} amount`);
  }
  const q = toRational(line.quantity ?? 1n, `line ${line.id} quantity`);
  const u = toRational(line.unitAmountDecimal!, `line ${line.id} unitAmountDecimal`);
  return roundAmount(q.n * u.n, q.d * u.d, step);
}

const NONE: Rate[] = [];

export function computeInvoice(input: InvoiceInput): InvoiceResult {
  const currency = normalizeCurrency(input.currency);
  const step = computeStep(currency);
  const n = input.lines.length;
  const defaults = (input.defaultTaxRates ?? []).map(rate);
  const amounts = input.lines.map((l) => lineAmount(l, step, currency));
  const remaining = amounts.slice();
  const discounts: DiscountAmount[][] = input.lines.map(() => []);
  const discountable = input.lines.map((l) => l.discountable !== false);

  // 1. Each line's own discounts, in order, each on what is left of the line.
  for (let i = 0; i < n; i++) {
    const own = input.lines[i].discounts;
    if (!discountable[i] || !own) continue;
    for (const raw of own) {
      const amount = discountOn(discount(raw, "line discount"), remaining[i], step);
      discounts[i].push({ discountId: raw.id, scope: "line", amount });
      remaining[i] -= amount;
    }
  }
  for (let i = 0; i < n; i++) {
    for (const a of input.lines[i].allocatedInvoiceDiscounts ?? []) {
      const amount = toMinor(a.amount, `line ${input.lines[i].id} allocated discount ${a.id}`);
      discounts[i].push({ discountId: a.id, scope: "invoice", amount });
      remaining[i] -= amount;
    }
  }

  // 2. Invoice discounts, in order, on the sum of what is left; allocated back over the lines
  // in proportion to what is left of each (ties → lower index), which is `discount_amounts`.
  for (const raw of input.discounts ?? []) {
    const d = discount(raw, "invoice discount");
    const weights = remaining.map((r, i) => (discountable[i] && r > 0n ? r : 0n));
    let base = 0n;
    for (let i = 0; i < n; i++) if (discountable[i]) base += remaining[i];
    const total = discountOn(d, base, step);
    // An amount_off that is not a multiple of the step cannot be split in steps.
    const shares = allocateLargestRemainder(total, weights, total % step === 0n ? step : 1n);
    for (let i = 0; i < n; i++) {
      if (!discountable[i]) continue;
      discounts[i].push({ discountId: raw.id, scope: "invoice", amount: shares[i] });
      remaining[i] -= shares[i];
    }
  }

  // 3. Taxes per line and rate, every rate on the same discounted amount.
  const lines: LineResult[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = input.lines[i];
    const own = l.taxRates ? (l.taxRates.length ? l.taxRates.map(rate) : NONE) : defaults;
    const base = remaining[i];
    let exclusiveTax = 0n;
    let inclusiveTax = 0n;
    const taxes: TaxAmount[] = new Array(own.length);
    const taxability = l.taxability?.length ? l.taxability : null;
    // Which entries were applied to the whole line (their inclusive taxable amount is netted below).
    let partial: boolean[] | null = null;
    for (let k = 0; k < own.length; k++) {
      const r = own[k];
      const entry = taxability ? taxability.find((t) => t.taxRateId === r.id) : undefined;
      if (entry) {
        const taxable = entry.taxableAmount === null || entry.taxableAmount === undefined ? null : toMinor(entry.taxableAmount, `line ${l.id} taxable_amount`);
        const t = taxForEntry({ reason: entry.reason, p: r.p, inclusive: r.inclusive, base, taxableAmount: taxable, step });
        if (r.inclusive) inclusiveTax += t.amount;
        else exclusiveTax += t.amount;
        taxes[k] = {
          taxRateId: r.id,
          percentage: r.percentage,
          inclusive: r.inclusive,
          taxableAmount: t.taxableAmount,
          amount: t.amount,
          taxabilityReason: entry.reason ?? null,
        };
        if (t.kind !== "full") (partial ??= new Array<boolean>(own.length).fill(false))[k] = true;
        continue;
      }
      const amount = roundAmount(base * r.p.n, r.den, step);
      if (r.inclusive) inclusiveTax += amount;
      else exclusiveTax += amount;
      taxes[k] = { taxRateId: r.id, percentage: r.percentage, inclusive: r.inclusive, taxableAmount: base, amount };
    }
    // Stripe reports an inclusive rate's taxable amount net of the tax contained in the line.
    if (inclusiveTax !== 0n) for (let k = 0; k < taxes.length; k++) if (taxes[k].inclusive && !partial?.[k]) taxes[k].taxableAmount = base - inclusiveTax;
    const discountTotal = amounts[i] - base;
    lines[i] = {
      id: l.id,
      amount: amounts[i],
      discountAmounts: discounts[i],
      discountTotal,
      discountedAmount: base,
      taxes,
      exclusiveTax,
      inclusiveTax,
      total: base + exclusiveTax,
    };
  }
  return totals(currency, lines);
}

function totals(currency: string, lines: LineResult[]): InvoiceResult {
  let subtotal = 0n;
  let totalDiscount = 0n;
  let invoiceDiscount = 0n;
  let inclusive = 0n;
  let exclusive = 0n;
  const byDiscount = new Map<string, bigint>();
  const byRate = new Map<string, TaxAmount>();
  for (const l of lines) {
    subtotal += l.amount;
    totalDiscount += l.discountTotal;
    inclusive += l.inclusiveTax;
    exclusive += l.exclusiveTax;
    for (const d of l.discountAmounts) {
      byDiscount.set(d.discountId, (byDiscount.get(d.discountId) ?? 0n) + d.amount);
      if (d.scope === "invoice") invoiceDiscount += d.amount;
    }
    for (const t of l.taxes) {
      const acc = byRate.get(t.taxRateId);
      if (acc) {
        acc.amount += t.amount;
        acc.taxableAmount += t.taxableAmount;
      } else byRate.set(t.taxRateId, { ...t });
    }
  }
  // Item discounts are part of the subtotal; the invoice's own discounts come after it.
  subtotal -= totalDiscount - invoiceDiscount;
  const total = subtotal - invoiceDiscount + exclusive;
  const totalTax = inclusive + exclusive;
  return {
    currency,
    lines,
    subtotal,
    subtotalExcludingTax: subtotal - inclusive,
    totalDiscountAmounts: [...byDiscount].map(([discountId, amount]) => ({ discountId, amount })),
    totalDiscount,
    totalTaxes: [...byRate.values()],
    totalTax,
    total,
    totalExcludingTax: total - totalTax,
  };
}
