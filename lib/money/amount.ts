import { currencyExponent, minorUnitStep, normalizeCurrency } from "./currency";

export type Money = { readonly amount: bigint; readonly currency: string };

export function money(amount: bigint, currency: string): Money {
  return { amount, currency: normalizeCurrency(currency) };
}

function same(a: Money, b: Money): string {
  if (a.currency !== b.currency) throw new RangeError(`Currency mismatch: ${a.currency} and ${b.currency}`);
  return a.currency;
}

export const addMoney = (a: Money, b: Money): Money => money(a.amount + b.amount, same(a, b));
export const subtractMoney = (a: Money, b: Money): Money => money(a.amount - b.amount, same(a, b));

export function sumMoney(items: readonly Money[], currency: string): Money {
  const c = normalizeCurrency(currency);
  let total = 0n;
  for (const m of items) {
    if (m.currency !== c) throw new RangeError(`Currency mismatch: ${m.currency} and ${c}`);
    total += m.amount;
  }
  return money(total, c);
}

/** Sums amounts per currency (a balance due across currencies is never one number). */
export function totalsByCurrency(items: Iterable<Money>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const m of items) out.set(m.currency, (out.get(m.currency) ?? 0n) + m.amount);
  return out;
}

/** "1234.5" style plain decimal string of a minor-unit amount, with the currency's exponent. */
export function minorToDecimalString(amount: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const sign = amount < 0n ? "-" : "";
  const abs = amount < 0n ? -amount : amount;
  if (exp === 0) return sign + abs.toString();
  const s = abs.toString().padStart(exp + 1, "0");
  return `${sign}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

export type ParseMoneyError = "empty" | "format" | "precision" | "negative" | "zero" | "too_large" | "step";
export type ParseMoneyResult = { ok: true; amount: bigint } | { ok: false; error: ParseMoneyError };

// Well beyond any invoice, far below Number.MAX_SAFE_INTEGER and Postgres bigint.
const MAX_MINOR = 10n ** 15n;

/**
 * Parses what a person types ("12.50", "12,50", "1 234.50", "1,234.50") into minor units,
 * validated for the currency: no more decimals than its exponent, and the step that
 * Stripe requires (KWD ends in 0, ISK whole krónur).
 */
export function parseMoneyInput(input: string, currency: string, opts: { allowZero?: boolean; allowNegative?: boolean } = {}): ParseMoneyResult {
  let s = input.trim().replace(/[\s\u00a0\u202f']/g, "");
  if (s === "") return { ok: false, error: "empty" };
  let negative = false;
  if (s.startsWith("-")) {
    negative = true;
    s = s.slice(1);
  }
  // With both separators, the last one is the decimal separator and the other groups digits.
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalSep = lastDot > lastComma ? "." : ",";
    const groupSep = decimalSep === "." ? "," : ".";
    const intPart = s.slice(0, s.lastIndexOf(decimalSep));
    if (!new RegExp(`^\\d{1,3}(\\${groupSep}\\d{3})*$`).test(intPart)) return { ok: false, error: "format" };
    s = intPart.split(groupSep).join("") + "." + s.slice(s.lastIndexOf(decimalSep) + 1);
  } else if (lastComma >= 0) {
    s = s.replace(",", ".");
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, error: "format" };
  const exp = currencyExponent(currency);
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > exp) return { ok: false, error: "precision" };
  let amount = BigInt(m[1]) * 10n ** BigInt(exp) + (frac ? BigInt(frac.padEnd(exp, "0")) : 0n);
  if (amount > MAX_MINOR) return { ok: false, error: "too_large" };
  if (negative) {
    if (!opts.allowNegative) return { ok: false, error: "negative" };
    amount = -amount;
  }
  if (amount === 0n && !opts.allowZero) return { ok: false, error: "zero" };
  if (amount % minorUnitStep(currency) !== 0n) return { ok: false, error: "step" };
  return { ok: true, amount };
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats minor units in the user's locale through Intl, exactly (no float conversion). */
export function formatMoney(amount: bigint, currency: string, locale: string): string {
  const c = normalizeCurrency(currency);
  const exp = currencyExponent(c);
  const key = `${locale}|${c}`;
  let f = formatters.get(key);
  if (!f) {
    const intlDigits = new Intl.NumberFormat("en", { style: "currency", currency: c }).resolvedOptions().maximumFractionDigits ?? exp;
    f = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: c.toUpperCase(),
      minimumFractionDigits: Math.min(intlDigits, exp),
      maximumFractionDigits: exp,
    });
    formatters.set(key, f);
  }
  // Intl formats a decimal string exactly (no detour through a double).
  return f.format(minorToDecimalString(amount, c) as unknown as number);
}
