// How a discount reads to the customer: the coupon's name with its terms ("Welcome credit
// (US$20.00 off)"), and whether it is the line's own coupon or its share of an invoice discount.
// The page, the PDF and the CSV all take their words from here, so they cannot drift apart.
import type { Locale, Translate } from "@/lib/i18n";
import { formatAmount, formatPercent } from "./format";

export type DisplayDiscount = {
  couponId: string;
  couponName: string | null;
  percentOff: string | null;
  amountOff: bigint | null;
  scope: "line" | "invoice";
  amount: bigint;
};

/** "Loyalty discount (25% off)"; a coupon without a name shows its terms, without terms its id. */
export function discountName(t: Translate, locale: Locale, currency: string, d: DisplayDiscount): string {
  const terms = d.percentOff
    ? t("portal.discount.percentOff", { percent: formatPercent(d.percentOff, locale) })
    : d.amountOff !== null
      ? t("portal.discount.amountOff", { amount: formatAmount(d.amountOff, currency, locale) })
      : null;
  if (d.couponName) return terms ? `${d.couponName} (${terms})` : d.couponName;
  return terms ?? d.couponId;
}

/** One entry per discount on a line: the amount taken off and what it is. */
export function lineDiscountEntries(t: Translate, locale: Locale, currency: string, discounts: DisplayDiscount[]) {
  return discounts.map((d) => ({
    key: `${d.scope}:${d.couponId}:${d.amount}`,
    amount: `−${formatAmount(d.amount, currency, locale)}`,
    label: t(d.scope === "line" ? "portal.discount.onLine" : "portal.discount.invoiceShare", { name: discountName(t, locale, currency, d) }),
  }));
}
