// Stripe's currency exponents (STRIPE.md). Everything not listed is two-decimal.
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
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

// ISO 4217 codes of the currencies Stripe charges in (its documented presentment currencies):
// the only ones a threshold, a price or an amount typed by staff can be in. The exponent sets
// above are subsets of it.
const KNOWN = new Set(
  (
    "aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk " +
    "djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd " +
    "kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar " +
    "ron rsd rub rwf sar sbd scr sek sgd shp sle sll sos srd stn szl thb tjs tnd top try ttd twd tzs uah ugx usd uyu uzs vnd vuv wst xaf xcd " +
    "xcg xof xpf yer zar zmw"
  ).split(" "),
);

/** Whether a code (any case, surrounding spaces ignored) is a currency Settle knows; never throws. */
export function isKnownCurrency(code: string): boolean {
  return KNOWN.has(code.trim().toLowerCase());
}

/** Every known currency code, lower case, sorted. */
export const knownCurrencies = (): string[] => [...KNOWN].sort();
