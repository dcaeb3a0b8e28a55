import { describe, expect, it } from "vitest";
import { formatQuantity } from "@/features/billing-display/format";
import { draftLineRows } from "./draft-line-rows";

const line = (quantity: string) => ({ id: `il_${quantity}`, description: "Seats", quantity, amount: 1000n, openDisputeId: null, preselected: false });

describe("new-dispute line rows", () => {
  it("shows billed quantities as the invoice page does (10 and 100 are not '1')", () => {
    const rows = draftLineRows(["10", "100", "1.50", "0.000125"].map(line), "usd", "en");
    expect(rows.map((r) => r.quantity)).toEqual(["10", "100", "1.5", "0.000125"]);
    for (const q of ["10", "100", "1.50", "0.000125"]) {
      expect(draftLineRows([line(q)], "usd", "ru")[0].quantity).toBe(formatQuantity(q, "ru"));
    }
    expect(draftLineRows([line("1000")], "usd", "en")[0].quantity).toBe("1,000");
    expect(rows[0].amount).toBe("US$10.00");
  });
});

describe("new-dispute line rows: a metered line's usage for its period", () => {
  // A metered API-calls price, graduated: 1–10,000 at 0.5 cents, 10,001+ at 0.4 cents (unit_amount_decimal in cents)
  const apiCalls = {
    id: "price_api",
    productName: "API calls",
    billingScheme: "tiered",
    tiersMode: "graduated",
    tiers: [
      { up_to: 10000, unit_amount_decimal: "0.5" },
      { up_to: null, unit_amount_decimal: "0.4" },
    ],
    transformQuantity: null,
    unitAmountDecimal: null,
    recurringInterval: "month",
    recurringIntervalCount: 1,
    usageType: "metered",
  };
  const metered = {
    id: "il_api",
    description: "API calls",
    quantity: "12340",
    // 10,000 × 0.5 + 2,340 × 0.4 = 5,936 cents
    amount: 5936n,
    openDisputeId: null,
    preselected: true,
    periodStart: new Date(Date.UTC(2026, 2, 1)),
    periodEnd: new Date(Date.UTC(2026, 3, 1)),
    price: apiCalls,
  };

  it("shows the usage (its last day the day before the period's exclusive end) beside the tier explanation, en and ru", () => {
    const [en] = draftLineRows([metered], "usd", "en");
    expect(en.usage).toMatch(/^Usage 1 Mar – 31 Mar: 12,340 API calls$/);
    expect(en.explanation).toBe("Tiers: 1–10,000 × US$0.005 = US$50.00; 10,001+ × US$0.004 = US$9.36; total US$59.36");
    const [ru] = draftLineRows([metered], "usd", "ru");
    expect(ru.usage).toMatch(/^Использование 1 мар\.? – 31 мар\.?: 12\s340 API calls$/);
  });

  it("a licensed line has no usage", () => {
    const [row] = draftLineRows([{ ...metered, price: { ...apiCalls, usageType: "licensed" } }], "usd", "en");
    expect(row.usage).toBeNull();
    expect(row.explanation).not.toBeNull();
  });
});
