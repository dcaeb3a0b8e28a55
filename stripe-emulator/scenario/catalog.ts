import type { Currency, LineKind } from "./types";

/**
 * Price points and tax regimes per currency. Amounts are minor units (cents, yen, fils).
 * KWD points are multiples of 1000 fils and KWD usage quantities multiples of 2000, so every
 * KWD line, discount and payment is a multiple of 10 without relying on rounding — the
 * audit's line-math rule (quantity × unit = amount) then holds exactly on clean lines.
 */
export interface CurrencyProfile {
  currency: Currency;
  /** Standard and negotiated per-unit prices (decimal strings), first = list price. */
  units: Record<LineKind, string[]>;
  /** Usage quantities are drawn as a multiple of this. */
  usageStep: number;
  /** Tax regimes a customer of this currency can be in (keys of TAX_RATES, or null = untaxed). */
  taxes: Array<keyof typeof TAX_RATES | null>;
  /** amount_off coupon value for this currency. */
  amountOff: number;
  /** Partial refunds and credit notes are rounded down to a multiple of this. */
  granularity: number;
}

export const PROFILES: Record<Currency, CurrencyProfile> = {
  usd: {
    currency: "usd",
    units: { seats: ["1500", "1200", "1350"], usage: ["0.0125", "0.0100", "0.0085"], platform: ["4900", "2900"] },
    usageStep: 1,
    taxes: [null, "us_ny"],
    amountOff: 2000,
    granularity: 1,
  },
  eur: {
    currency: "eur",
    units: { seats: ["1200", "990", "1100"], usage: ["0.0110", "0.0095", "0.00875"], platform: ["3900", "2500"] },
    usageStep: 1,
    taxes: ["fr_vat", "de_vat"],
    amountOff: 1500,
    granularity: 1,
  },
  jpy: {
    currency: "jpy",
    units: { seats: ["1800", "1500"], usage: ["0.015", "0.012"], platform: ["5000", "3000"] },
    usageStep: 1,
    taxes: ["jp_ct"],
    amountOff: 1000,
    granularity: 1,
  },
  kwd: {
    currency: "kwd",
    // 5.000 KWD per seat; 0.5 fils per call × multiples of 2000 calls = whole KWD.
    units: { seats: ["5000", "4000"], usage: ["0.5", "0.25"], platform: ["15000", "12000"] },
    usageStep: 4000,
    // Inclusive tax never changes a total, so KWD totals stay multiples of 10.
    taxes: [null, "kw_incl"],
    amountOff: 2000,
    granularity: 1000,
  },
};

export const CURRENCIES: readonly Currency[] = ["usd", "eur", "jpy", "kwd"];

export const TAX_RATES = {
  us_ny: { display_name: "Sales tax", percentage: 8.875, inclusive: false, jurisdiction: "US-NY", country: "US" },
  // Only on the demo's itemized invoice: a second, local rate on some lines beside the state one.
  us_nyc_local: { display_name: "Local sales tax", percentage: 4.5, inclusive: false, jurisdiction: "US-NY-NYC", country: "US" },
  fr_vat: { display_name: "VAT", percentage: 20, inclusive: false, jurisdiction: "FR", country: "FR" },
  de_vat: { display_name: "VAT", percentage: 19, inclusive: true, jurisdiction: "DE", country: "DE" },
  jp_ct: { display_name: "JCT", percentage: 10, inclusive: false, jurisdiction: "JP", country: "JP" },
  kw_incl: { display_name: "VAT", percentage: 5, inclusive: true, jurisdiction: "KW", country: "KW" },
} as const;

export type TaxKey = keyof typeof TAX_RATES;

export const PRODUCTS: Record<LineKind, { name: string; unit_label: string }> = {
  seats: { name: "Settle Team seats", unit_label: "seat" },
  usage: { name: "API calls", unit_label: "call" },
  platform: { name: "Platform fee", unit_label: "month" },
};

/** Percent coupons on offer; all give whole multiples of 10 fils on KWD lines of 1000 fils. */
export const PERCENTS = [10, 15, 20, 25] as const;

/** Regions for split usage lines: invoices with more than 10 lines carry one usage line per region. */
export const REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-south-1",
  "sa-east-1",
  "ca-central-1",
  "me-south-1",
  "af-south-1",
  "eu-north-1",
] as const;

/** The multiplier of a deliberately wrong tariff: the list price raised by a fifth. */
export function mismatchedUnit(unit: string, currency: Currency): string {
  const [i, f = ""] = unit.split(".");
  const scale = 10n ** BigInt(f.length);
  const raised = (BigInt(i + f) * 6n) / 5n; // × 1.2, exact for all our points
  const step = currency === "kwd" ? 1000n * scale : 1n;
  const v = f.length === 0 && currency === "kwd" ? ((raised + step - 1n) / step) * step : raised;
  const s = v.toString().padStart(f.length + 1, "0");
  const out = f.length ? `${s.slice(0, s.length - f.length)}.${s.slice(s.length - f.length)}` : s;
  return out.includes(".") ? out.replace(/0+$/, "").replace(/\.$/, "") : out;
}
