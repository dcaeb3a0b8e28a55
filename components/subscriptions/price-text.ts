// A subscription item's price in words: "1–10: US$15.00 per unit; 11+: US$12.00 per unit", a
// package price, a flat per-unit price. Pure (the screen and its tests share it).
import { formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import type { PriceView, TierView } from "@/features/subscriptions/subscription-view";
import type { Locale, Translate } from "@/lib/i18n";

export type Ctx = { t: Translate; locale: Locale; currency: string };

export function tierRange(t: Translate, tier: TierView, locale: Locale): string {
  const from = formatQuantity(String(tier.from), locale);
  return tier.upTo === null
    ? t("portal.subscriptions.tiers.open", { from })
    : t("portal.subscriptions.tiers.range", { from, to: formatQuantity(String(tier.upTo), locale) });
}

export const isZero = (d: string) => /^0+(\.0+)?$/.test(d);

/** "1–10: US$15.00 per unit; 11+: US$12.00 per unit", flat fees included. */
export function tierSummary({ t, locale, currency }: Ctx, tiers: TierView[]): string {
  return tiers
    .map((tier) => {
      const range = tierRange(t, tier, locale);
      const amount = formatUnitAmount(tier.unitAmountDecimal, currency, locale);
      const flat = formatUnitAmount(tier.flatAmountDecimal, currency, locale);
      if (isZero(tier.flatAmountDecimal)) return t("portal.subscriptions.tiers.unit", { range, amount });
      if (isZero(tier.unitAmountDecimal)) return t("portal.subscriptions.tiers.flat", { range, flat });
      return t("portal.subscriptions.tiers.both", { range, amount, flat });
    })
    .join("; ");
}

export function priceText(ctx: Ctx, price: PriceView): string {
  const { t, locale, currency } = ctx;
  if (price.kind === "unknown") return t("portal.subscriptions.priceUnknown");
  if (price.kind === "tiered") return tierSummary(ctx, price.tiers);
  const amount = formatUnitAmount(price.unitAmountDecimal, currency, locale);
  if (price.divideBy === null) return t("portal.subscriptions.perUnit", { amount });
  const size = formatQuantity(String(price.divideBy), locale);
  return t(price.round === "down" ? "portal.subscriptions.perPackageDown" : "portal.subscriptions.perPackageUp", { amount, size });
}
