import { describe, expect, it } from "vitest";
import { createT } from "@/lib/i18n";
import { priceAmount, type PriceInput } from "@/features/billing-math";
import { lineUsageView, meteredUsageText, tierBreakdown, usagePeriod } from "./metered-usage";

const MAR = new Date(Date.UTC(2027, 2, 1));
const APR = new Date(Date.UTC(2027, 3, 1));
const en = createT("en");
const ru = createT("ru");
// spaces as Intl writes them (narrow no-break in ru groups), compared as plain spaces
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const CALLS: PriceInput = {
  billingScheme: "tiered",
  tiersMode: "graduated",
  tiers: [
    { upTo: 10_000, unitAmount: 0 },
    { upTo: 50_000, unitAmountDecimal: "0.5" },
    { upTo: "inf", unitAmountDecimal: "0.2", flatAmount: 500 },
  ],
};

describe("metered usage line", () => {
  it("reads 'Usage 1 Mar – 31 Mar: 12,340 API calls' (the exclusive period end shown as the day before), en and ru", () => {
    expect(meteredUsageText(en, "en", { periodStart: MAR, periodEnd: APR, quantity: "12340", unitLabel: "API calls" })).toBe(
      "Usage 1 Mar – 31 Mar: 12,340 API calls",
    );
    expect(plain(meteredUsageText(ru, "ru", { periodStart: MAR, periodEnd: APR, quantity: "12340", unitLabel: "API-вызовов" }))).toBe(
      "Использование 1 мар. – 31 мар.: 12 340 API-вызовов",
    );
    expect(meteredUsageText(en, "en", { periodStart: MAR, periodEnd: APR, quantity: "1" })).toBe("Usage 1 Mar – 31 Mar: 1 unit");
    expect(meteredUsageText(en, "en", { periodStart: MAR, periodEnd: APR, quantity: "0", unitLabel: null })).toBe("Usage 1 Mar – 31 Mar: 0 units");
  });

  it("a period across a new year shows the years; a one-day period shows its day", () => {
    expect(usagePeriod(new Date(Date.UTC(2026, 11, 15)), new Date(Date.UTC(2027, 0, 15)), "en")).toBe("15 Dec 2026 – 14 Jan 2027");
    expect(usagePeriod(MAR, new Date(Date.UTC(2027, 2, 2)), "en")).toBe("1 Mar");
  });

  it("tier breakdown of 60,000 calls over graduated tiers: each tier's units, unit amount (sub-cent kept) and exact amount", () => {
    const r = priceAmount(CALLS, 60_000, "usd");
    expect(r.amount).toBe(22_500n);
    expect(tierBreakdown(en, "en", "graduated", r.tiers, "usd")).toEqual([
      "Tier 1 (1–10,000): 10,000 × US$0.00 = US$0.00",
      "Tier 2 (10,001–50,000): 40,000 × US$0.005 = US$200.00",
      "Tier 3 (50,001 and above): 10,000 × US$0.002 + US$5.00 flat = US$25.00",
    ]);
    expect(tierBreakdown(ru, "ru", "graduated", r.tiers, "usd").map(plain)).toEqual([
      "Ступень 1 (1–10 000): 10 000 × 0,00 $ = 0,00 $",
      "Ступень 2 (10 001–50 000): 40 000 × 0,005 $ = 200,00 $",
      "Ступень 3 (от 50 001): 10 000 × 0,002 $ + фиксированно 5,00 $ = 25,00 $",
    ]);
  });

  it("volume: the one tier prices all the usage", () => {
    const volume: PriceInput = { ...CALLS, tiersMode: "volume" } as PriceInput;
    const r = priceAmount(volume, 12_340, "usd");
    expect(tierBreakdown(en, "en", "volume", r.tiers, "usd")).toEqual(["All 12,340 at tier 2 (10,001–50,000): 12,340 × US$0.005 = US$61.70"]);
  });
});

describe("lineUsageView (an invoice line with its projected Price)", () => {
  const row = {
    usageType: "metered",
    productName: "API calls",
    billingScheme: "tiered",
    tiersMode: "graduated",
    tiers: [
      { up_to: 10_000, unit_amount: 0, unit_amount_decimal: "0", flat_amount: null, flat_amount_decimal: null },
      { up_to: 50_000, unit_amount: null, unit_amount_decimal: "0.5", flat_amount: null, flat_amount_decimal: null },
      { up_to: null, unit_amount: null, unit_amount_decimal: "0.2", flat_amount: null, flat_amount_decimal: null },
    ],
    transformQuantity: null,
    unitAmountDecimal: null,
  };
  const line = { periodStart: MAR, periodEnd: APR, quantity: "12340" };

  it("a metered tiered line: its usage for the period and its tiers", () => {
    expect(lineUsageView(en, "en", line, row, "usd")).toEqual({
      usage: "Usage 1 Mar – 31 Mar: 12,340 API calls",
      tiers: ["Tier 1 (1–10,000): 10,000 × US$0.00 = US$0.00", "Tier 2 (10,001–50,000): 2,340 × US$0.005 = US$11.70"],
    });
  });

  it("the next bill's metered line: the current period's usage so far, en and ru", () => {
    expect(lineUsageView(en, "en", { ...line, quantity: "12000" }, row, "usd", { soFar: true }).usage).toBe("Usage so far, 1 Mar – 31 Mar: 12,000 API calls");
    expect(plain(lineUsageView(ru, "ru", { ...line, quantity: "12000" }, row, "usd", { soFar: true }).usage!)).toBe(
      "Использование на сегодня, 1 мар. – 31 мар.: 12 000 API calls",
    );
  });

  it("a licensed tiered line shows its tiers only; a per-unit line or an unknown price shows nothing", () => {
    expect(lineUsageView(en, "en", { ...line, quantity: "3" }, { ...row, usageType: "licensed" }, "usd")).toEqual({
      usage: null,
      tiers: ["Tier 1 (1–10,000): 3 × US$0.00 = US$0.00"],
    });
    expect(
      lineUsageView(en, "en", line, { ...row, usageType: "licensed", billingScheme: "per_unit", tiersMode: null, tiers: null, unitAmountDecimal: "1" }, "usd"),
    ).toEqual({
      usage: null,
      tiers: [],
    });
    expect(lineUsageView(en, "en", line, null, "usd")).toEqual({ usage: null, tiers: [] });
    expect(lineUsageView(en, "en", line, row, "usd", { tiers: false })).toEqual({ usage: "Usage 1 Mar – 31 Mar: 12,340 API calls", tiers: [] });
    // tiers not known (webhooks do not expand them): the usage alone
    expect(lineUsageView(en, "en", line, { ...row, tiers: null }, "usd")).toEqual({ usage: "Usage 1 Mar – 31 Mar: 12,340 API calls", tiers: [] });
  });
});
