import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { priceText } from "./price-text";

const ctx = (locale: "en" | "ru") => ({
  t: (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(locale, k, v),
  locale,
  currency: "usd",
});
const tiers = {
  kind: "tiered" as const,
  mode: "graduated" as const,
  tiers: [
    { from: 1n, upTo: 10n, unitAmountDecimal: "1500", flatAmountDecimal: "0" },
    { from: 11n, upTo: null, unitAmountDecimal: "1200", flatAmountDecimal: "0" },
  ],
};

describe("priceText", () => {
  it("a tiered price in words, tier by tier", () => {
    expect(priceText(ctx("en"), tiers)).toBe("1–10: US$15.00 per unit; 11+: US$12.00 per unit");
    expect(priceText(ctx("ru"), tiers)).toMatch(/^1–10: 15,00\s\$ за единицу; 11\+: 12,00\s\$ за единицу$/);
  });

  it("flat tier fees, package and per-unit prices", () => {
    const flat = {
      ...tiers,
      tiers: [
        { from: 1n, upTo: 5n, unitAmountDecimal: "0", flatAmountDecimal: "9900" },
        { from: 6n, upTo: null, unitAmountDecimal: "1000", flatAmountDecimal: "500" },
      ],
    };
    expect(priceText(ctx("en"), flat)).toBe("1–5: US$99.00 flat; 6+: US$10.00 per unit + US$5.00 flat");
    expect(priceText(ctx("en"), { kind: "per_unit", unitAmountDecimal: "1000", divideBy: 100, round: "up" })).toBe(
      "US$10.00 per 100 units (a part of 100 counts as a whole)",
    );
    expect(priceText(ctx("en"), { kind: "per_unit", unitAmountDecimal: "0.35", divideBy: null, round: null })).toBe("US$0.0035 per unit");
    expect(priceText(ctx("en"), { kind: "unknown" })).toBe("Price not available yet");
  });
});
