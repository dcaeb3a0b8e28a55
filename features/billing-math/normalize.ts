// Boundary conversion: every loosely typed input (Stripe numbers, decimal strings,
// Prisma.Decimal) becomes an exact Rational or bigint once, before any arithmetic.
import { currencyExponent, minorUnitStep, normalizeCurrency, parseDecimal, rational, type Rational } from "@/lib/money";
import type { DecimalInput, MinorInput } from "./types";

export function toRational(value: DecimalInput, what: string): Rational {
  try {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return parseDecimal(value);
    return parseDecimal(String(value));
  } catch {
    throw new RangeError(`${what}: not a decimal number (${String(value)})`);
  }
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
