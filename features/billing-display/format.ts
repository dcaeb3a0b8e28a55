// The one set of display formatters for amounts, quantities, unit prices and dates: pages,
// PDFs and tests all use these, so the PDF shows exactly the strings the screen shows.
import { currencyExponent, formatMoney } from "@/lib/money";
import { formatDate, intlLocale, type Locale } from "@/lib/i18n";

export const formatAmount = (amount: bigint, currency: string, locale: Locale) => formatMoney(amount, currency, intlLocale(locale));

const plain = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = plain.get(key);
  if (!f) plain.set(key, (f = new Intl.NumberFormat(intlLocale(locale), options)));
  return f;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Quantities are exact decimals (Stripe's quantity_decimal); never through a double. */
export function formatQuantity(quantity: string, locale: Locale): string {
  if (!DECIMAL.test(quantity)) return quantity;
  return numberFormat(locale, { maximumFractionDigits: 12 }).format(quantity as unknown as number);
}

/** Shifts a decimal string left by `places` digits exactly ("1250.5", 2 → "12.505"). */
export function shiftDecimal(value: string, places: number): string {
  if (!DECIMAL.test(value)) throw new RangeError(`Not a decimal: ${value}`);
  const negative = value.startsWith("-");
  const [int, frac = ""] = (negative ? value.slice(1) : value).split(".");
  const digits = (int + frac).replace(/^0+(?=\d)/, "");
  const point = digits.length - frac.length - places;
  const padded = point <= 0 ? "0".repeat(1 - point) + digits : digits;
  const at = point <= 0 ? 1 : point;
  const whole = padded.slice(0, at);
  const rest = padded.slice(at).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${rest ? `.${rest}` : ""}`;
}

/**
 * Unit prices are Stripe's unit_amount_decimal in minor units and may carry sub-cent
 * precision (0.35 cents per call): shown with the currency's digits, more only when needed.
 */
export function formatUnitAmount(unitAmountDecimal: string, currency: string, locale: Locale): string {
  const exp = currencyExponent(currency);
  const major = shiftDecimal(unitAmountDecimal, exp);
  return numberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: exp,
    maximumFractionDigits: Math.max(exp, 12),
  }).format(major as unknown as number);
}

/** Tax and discount percentages ("20", "7.25") as "20%" / "20 %" per locale. */
export function formatPercent(percentage: string, locale: Locale): string {
  return `${formatQuantity(percentage, locale)}${locale === "ru" ? "\u00a0%" : "%"}`;
}

export function formatDay(date: Date | null | undefined, locale: Locale): string {
  return date ? formatDate(locale, date) : "—";
}

/** "1 Mar 2026 – 1 Apr 2026": each date kept whole (no-break spaces), so a narrow column breaks at the dash, never before "г.". */
export function formatPeriod(start: Date | null | undefined, end: Date | null | undefined, locale: Locale): string {
  if (!start && !end) return "—";
  const whole = (d: Date | null | undefined) => formatDay(d, locale).replace(/ /g, "\u00a0");
  return `${whole(start)} – ${whole(end)}`;
}

/**
 * A unit price for a table cell. Stripe writes a proration line's unit price as amount ÷ quantity
 * to 12 decimal places ("1258.0833333333" cents, shown "12,580833333333 $"), which widens the
 * amount columns until the table scrolls sideways. Up to two digits past the currency's own it is
 * shown exactly (0.35 cents a call stays "US$0.0035"); longer, it is rounded for reading ("≈ US$12.58",
 * or four more digits below one unit of the currency) and `exact` carries Stripe's exact value.
 */
export function unitPriceDisplay(unitAmountDecimal: string, currency: string, locale: Locale): { text: string; exact: string | null } {
  const exact = formatUnitAmount(unitAmountDecimal, currency, locale);
  const exp = currencyExponent(currency);
  const major = shiftDecimal(unitAmountDecimal, exp);
  const digits = major.split(".")[1]?.length ?? 0;
  if (digits <= exp + 2) return { text: exact, exact: null };
  const belowOne = /^-?0(\.|$)/.test(major);
  const rounded = numberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: exp,
    maximumFractionDigits: belowOne ? exp + 4 : exp,
  }).format(major as unknown as number);
  return { text: `≈\u00a0${rounded}`, exact };
}
