// How a metered line reads: "Usage 1 Mar – 31 Mar: 12,340 API calls" and its tier breakdown
// ("Tier 2 (10,001–50,000): 2,340 × US$0.005 = US$11.70"). Pure formatting (en + ru), shared by
// the portal, the PDF and the dispute form so they all show the same words.
//
// A metered line bills a subscription item's usage over its period, in arrears (Stripe: the Billing
// Meters API "aggregates usage at the end of the billing period before generating an invoice");
// the line's `period.end` is exclusive (the next period's start), so the last day shown is the day
// before it. The tier amounts are exact (sub-cent unit amounts stay visible); the line itself is
// rounded once (billing-math pricing.ts), so its amount is the rounded sum of the parts.
import { toDecimalString, type Rational } from "@/lib/money";
import type { Locale, Translate } from "@/lib/i18n";
import { formatDate } from "@/lib/i18n";
import { auditPriceOf, type PriceRow } from "@/features/billing-math/price-row";
import { tierParts } from "@/features/billing-math";
import { formatQuantity, formatUnitAmount } from "./format";

export interface MeteredUsageLine {
  /** The line's period: start inclusive, end exclusive (Stripe's line `period`). */
  periodStart: Date;
  periodEnd: Date;
  /** The aggregated usage (the line's quantity_decimal). */
  quantity: string;
  /** What is counted ("API calls": the product's unit_label); null = generic units. */
  unitLabel?: string | null;
}

/** One tier's share, as billing-math `tierParts` gives it (unit and flat amounts in minor units). */
export interface UsageTierPart {
  /** Index in the price's tiers (0 = the first tier). */
  tier: number;
  from: bigint;
  /** null = the open last tier (up_to inf). */
  upTo: bigint | null;
  quantity: bigint;
  unitAmount: Rational;
  flatAmount: Rational;
  exact: Rational;
}

const DAY_MS = 86_400_000;

/** "1 Mar – 31 Mar" (the year too when the period spans two years); the exclusive end shown as its previous day. */
export function usagePeriod(start: Date, endExclusive: Date, locale: Locale): string {
  const last = new Date(Math.max(start.getTime(), endExclusive.getTime() - 1));
  const sameYear = start.getUTCFullYear() === last.getUTCFullYear();
  const opts: Intl.DateTimeFormatOptions = sameYear ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" };
  // a one-day period reads as that day alone
  if (endExclusive.getTime() - start.getTime() <= DAY_MS && start.getUTCDate() === last.getUTCDate()) return formatDate(locale, start, opts);
  return `${formatDate(locale, start, opts)} – ${formatDate(locale, last, opts)}`;
}

/** "Usage 1 Mar – 31 Mar: 12,340 API calls"; `soFar`: the current period's usage until now (the next bill). */
export function meteredUsageText(t: Translate, locale: Locale, line: MeteredUsageLine, soFar = false): string {
  const unit = line.unitLabel?.trim() || t(line.quantity === "1" ? "billing.metered.unitsOne" : "billing.metered.unitsOther");
  return t(soFar ? "billing.metered.usageSoFar" : "billing.metered.usage", {
    period: usagePeriod(line.periodStart, line.periodEnd, locale),
    quantity: formatQuantity(line.quantity, locale),
    unit,
  });
}

const minor = (r: Rational) => toDecimalString(r, 40);

/**
 * The tier breakdown of a tiered line, one sentence per tier that priced something: graduated
 * tiers each price their own units; a volume tier prices the whole quantity.
 */
export function tierBreakdown(t: Translate, locale: Locale, mode: "graduated" | "volume", parts: readonly UsageTierPart[], currency: string): string[] {
  return parts.map((p) => {
    const n = (v: bigint) => formatQuantity(v.toString(), locale);
    const range =
      p.upTo === null ? t("billing.metered.tierRangeOpen", { from: n(p.from) }) : t("billing.metered.tierRange", { from: n(p.from), to: n(p.upTo) });
    const flat = p.flatAmount.n !== 0n;
    const vars = {
      n: p.tier + 1,
      range,
      quantity: n(p.quantity),
      unitAmount: formatUnitAmount(minor(p.unitAmount), currency, locale),
      flatAmount: formatUnitAmount(minor(p.flatAmount), currency, locale),
      amount: formatUnitAmount(minor(p.exact), currency, locale),
    };
    if (mode === "volume") return t(flat ? "billing.metered.volumeFlat" : "billing.metered.volume", vars);
    return t(flat ? "billing.metered.tierFlat" : "billing.metered.tier", vars);
  });
}

/** The line's Price as projected (Price row): enough to tell a metered or tiered line. */
export interface LinePriceRow extends PriceRow {
  usageType?: string | null;
  productName: string | null;
}

export interface LineUsageView {
  /** Metered lines: "Usage 1 Mar – 31 Mar: 12,340 API calls"; null otherwise. */
  usage: string | null;
  /** Tiered lines with known tiers: one sentence per tier that priced something. */
  tiers: string[];
}

/**
 * What a line shows under its description: the usage of a metered line (the product's name as
 * what is counted: a metered product is named for its unit, "API calls") and the tier breakdown
 * of a tiered line. Nothing for other lines or when the price is not known.
 */
export function lineUsageView(
  t: Translate,
  locale: Locale,
  line: { periodStart: Date | null; periodEnd: Date | null; quantity: string },
  price: LinePriceRow | null,
  currency: string,
  /** soFar: the next bill's current period; tiers: false where another explanation already shows them (h-explain16's explain-line). */
  opts: { soFar?: boolean; tiers?: boolean } = {},
): LineUsageView {
  if (!price) return { usage: null, tiers: [] };
  const usage =
    price.usageType === "metered" && line.periodStart && line.periodEnd
      ? meteredUsageText(
          t,
          locale,
          { periodStart: line.periodStart, periodEnd: line.periodEnd, quantity: line.quantity, unitLabel: price.productName },
          opts.soFar,
        )
      : null;
  const audit = auditPriceOf(price);
  if (opts.tiers === false || audit?.billingScheme !== "tiered" || !audit.tiers || !/^\d+$/.test(line.quantity)) return { usage, tiers: [] };
  return { usage, tiers: tierBreakdown(t, locale, audit.tiersMode, tierParts(audit.tiersMode, audit.tiers, BigInt(line.quantity)), currency) };
}

/** The view as detail rows under the line (PDF, dispute form): the usage first, then each tier. */
export const usageDetailRows = (view: LineUsageView): string[] => [...(view.usage ? [view.usage] : []), ...view.tiers];
