// Stripe's currency exponents (STRIPE.md). Everything not listed is two-decimal.
const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

export type Exponent = 0 | 2 | 3;

export function normalizeCurrency(currency: string): string {
  const c = currency.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw new RangeError(`Not an ISO currency code: ${currency}`);
  return c;
}

export function currencyExponent(currency: string): Exponent {
  const c = normalizeCurrency(currency);
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/**
 * The step a chargeable amount must be a multiple of, in minor units: three-decimal
 * currencies must end in 0, and ISK is two-decimal in the API but must be whole krónur.
 */
export function minorUnitStep(currency: string): bigint {
  const c = normalizeCurrency(currency);
  if (THREE_DECIMAL.has(c)) return 10n;
  if (c === "isk") return 100n;
  return 1n;
}

export const isZeroDecimal = (currency: string) => currencyExponent(currency) === 0;
