// Boundary conversion: every loosely typed input (Stripe numbers, decimal strings,
// Prisma.Decimal) becomes an exact Rational or bigint once, before any arithmetic.
import { currencyExponent, minorUnitStep, normalizeCurrency, parseDecimal, rational, type Rational } from "@/lib/money";
import type { DecimalInput, MinorInput } from "./types";

// Invoices repeat the same few quantities, unit prices and percentages thousands of times;
// parsing (and reducing) each once keeps a 1,000-line recalculation within its budget.
// Keyed by the value's text, so a cached entry can never go stale; bounded by clearing.
const parsed = new Map<string, Rational>();
const MAX_CACHED = 50_000;

export function toRational(value: DecimalInput, what: string): Rational {
  if (typeof value === "bigint") return parseDecimal(value);
  const text = typeof value === "string" ? value : typeof value === "number" ? `#${value}` : String(value);
  const hit = parsed.get(text);
  if (hit) return hit;
  let r: Rational;
  try {
    r = parseDecimal(typeof value === "number" ? value : text);
  } catch {
    throw new RangeError(`${what}: not a decimal number (${String(value)})`);
  }
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, r);
  return r;
}

export function toMinor(value: MinorInput, what: string): bigint {
  if (typeof value === "bigint") return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what}: not an integer amount in minor units (${value})`);
  return BigInt(value);
}

/**
 * The rounding step of computed amounts. The rules give only three-decimal currencies a step
 * (10: last digit 0); lib/money's minorUnitStep also knows ISK's whole-krónur rule for
 * chargeable amounts, which the invoice rules do not apply to line/discount/tax math.
 */
export function computeStep(currency: string): bigint {
  const c = normalizeCurrency(currency);
  return currencyExponent(c) === 3 ? minorUnitStep(c) : 1n;
}

export const ONE = rational(1n);
export const HUNDRED = rational(100n);
