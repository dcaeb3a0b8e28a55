// Unit prices as people type them (major units of the invoice currency: "12.50", "0,0125")
// and as Stripe and billing-math keep them (a decimal of minor units: "1250", "1.25").
// Pure; exact rationals from lib/money, never floats.
import { currencyExponent } from "./currency";
import { parseDecimal, rational, toDecimalString } from "./rational";

/** Stripe keeps at most 12 decimal places of a minor unit in `unit_amount_decimal`. */
export const MAX_MINOR_DECIMALS = 12;
// Far above any real unit price, far below what bigint arithmetic would mind.
const MAX_MAJOR_DIGITS = 12;

export type UnitAmountError = "empty" | "format" | "precision" | "too_large";

/** "1 234,50" / "1,234.50" / "12.5" → a plain decimal string "1234.50" (or null). */
export function normalizeDecimalText(input: string): string | null {
  let s = input.trim().replace(/[\s\u00a0\u202f']/g, "");
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const sep = lastDot > lastComma ? "." : ",";
    const group = sep === "." ? "," : ".";
    const int = s.slice(0, s.lastIndexOf(sep));
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(int)) return null;
    s = int.split(group).join("") + "." + s.slice(s.lastIndexOf(sep) + 1);
  } else if (lastComma >= 0) {
    if (s.indexOf(",") !== lastComma) return null;
    s = s.replace(",", ".");
  }
  return /^\d+(\.\d+)?$/.test(s) ? s : null;
}

/** A unit price typed in major units → the minor-unit decimal string billing-math takes. */
export function parseUnitAmountInput(input: string, currency: string): { ok: true; minor: string } | { ok: false; error: UnitAmountError } {
  if (input.trim() === "") return { ok: false, error: "empty" };
  const text = normalizeDecimalText(input);
  if (text === null) return { ok: false, error: "format" };
  const [int, frac = ""] = text.split(".");
  if (int.replace(/^0+/, "").length > MAX_MAJOR_DIGITS) return { ok: false, error: "too_large" };
  const exp = currencyExponent(currency);
  if (frac.replace(/0+$/, "").length > exp + MAX_MINOR_DECIMALS) return { ok: false, error: "precision" };
  const major = parseDecimal(text);
  return { ok: true, minor: toDecimalString(rational(major.n * 10n ** BigInt(exp), major.d), MAX_MINOR_DECIMALS) };
}

/** A minor-unit decimal ("1250.5") → major units for an input field ("12.505"), at least the currency's decimals. */
export function formatUnitAmountInput(minor: string, currency: string): string {
  const exp = currencyExponent(currency);
  const r = parseDecimal(minor);
  const s = toDecimalString(rational(r.n, r.d * 10n ** BigInt(exp)), exp + MAX_MINOR_DECIMALS);
  if (exp === 0) return s;
  const [int, frac = ""] = s.split(".");
  return `${int}.${frac.padEnd(exp, "0")}`;
}

/** Decimal quantity as typed ("10", "2,5") → plain decimal string, or null. At most 12 decimals. */
export function parseQuantityInput(input: string): string | null {
  const text = normalizeDecimalText(input);
  if (text === null) return null;
  const [int, frac = ""] = text.split(".");
  if (int.replace(/^0+/, "").length > MAX_MAJOR_DIGITS || frac.replace(/0+$/, "").length > MAX_MINOR_DECIMALS) return null;
  return toDecimalString(parseDecimal(text), MAX_MINOR_DECIMALS);
}

/** A percentage such as "12.5" within 0..100 with at most 4 decimals (the columns' precision). */
export function parsePercentInput(input: string): string | null {
  const text = normalizeDecimalText(input);
  if (text === null) return null;
  const frac = text.split(".")[1] ?? "";
  if (frac.replace(/0+$/, "").length > 4) return null;
  const p = parseDecimal(text);
  if (p.n > 100n * p.d) return null;
  return toDecimalString(p, 4);
}
