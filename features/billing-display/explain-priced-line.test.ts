import { describe, expect, it } from "vitest";
import { recalculate, type InvoiceInput } from "@/features/billing-math";
import { explainLine, pricedLine, type ExplainPrice } from "./explain-line";
import { explainPricedLine } from "./explain-priced-line";
import { lineExplanationText } from "./explain-text";

const DAY = 86_400;
const at = (s: number) => new Date(s * 1000);
// A 31-day month: 1 Mar 2026 – 1 Apr 2026 (UTC); the seat change on 13 Mar leaves 19 days.
const MAR1 = Date.UTC(2026, 2, 1) / 1000;
const APR1 = Date.UTC(2026, 3, 1) / 1000;
const T = MAR1 + 12 * DAY;
const team: ExplainPrice = {
  id: "price_team",
  productName: "Team",
  billingScheme: "per_unit",
  tiersMode: null,
  tiers: null,
  transformQuantity: null,
  unitAmountDecimal: "1500",
  recurringInterval: "month",
  recurringIntervalCount: 1,
};
// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing — 1–5 at 7 USD, 6–10 at 6.50, 11+ at 6
const fonts: ExplainPrice = {
  ...team,
  id: "price_fonts",
  productName: "Fonts",
  billingScheme: "tiered",
  tiersMode: "graduated",
  unitAmountDecimal: null,
  tiers: [
    { up_to: 5, unit_amount_decimal: "700" },
    { up_to: 10, unit_amount_decimal: "650" },
    { up_to: null, unit_amount_decimal: "600" },
  ],
};

/** A synced line as the recalculation prices it (from-projection.ts does the same through pricedLine). */
function priced(id: string, amount: bigint, quantity: string, price: ExplainPrice, proration: boolean) {
  const e = explainLine({
    id,
    amount,
    quantity,
    currency: "usd",
    proration,
    periodStart: proration ? at(T) : null,
    periodEnd: proration ? at(APR1) : null,
    subscriptionItemId: "si_1",
    description: null,
    price,
  });
  return { id, quantity, ...pricedLine(e)! };
}

describe("explainPricedLine: the recalculation editor's explanation, before and after an edit", () => {
  const credit = priced("il_c", -9194n, "10", team, true);
  const debit = priced("il_d", 11032n, "12", team, true);
  const input: InvoiceInput = { currency: "usd", lines: [credit, debit] };

  it("as billed: the same words as the invoice page", () => {
    const e = explainPricedLine(debit, 11032n, "usd", "Team")!;
    expect(lineExplanationText(e, "usd", "en")).toBe("Remaining time on 12 × Team from 13 Mar 2026 to 1 Apr 2026: 12 × US$15.00 × 19/31 days = US$110.32");
  });

  it("a change date moved from 13 to 20 Mar: both lines explained again with 12/31 days and the recalculated amounts", () => {
    const moved = T + 7 * DAY;
    const r = recalculate(input, [
      { type: "set_proration_date", lineId: "il_c", prorationDate: moved },
      { type: "set_proration_date", lineId: "il_d", prorationDate: moved },
    ]);
    const [c, d] = r.recalculated.lines;
    // 12 × 15.00 × 12/31 = 69.677… → 69.68; 10 × 15.00 × 12/31 = 58.064… → 58.06
    expect(d.amount).toBe(6968n);
    expect(c.amount).toBe(-5806n);
    expect(lineExplanationText(explainPricedLine(r.input.lines[1], d.amount, "usd", "Team")!, "usd", "en")).toBe(
      "Remaining time on 12 × Team from 20 Mar 2026 to 1 Apr 2026: 12 × US$15.00 × 12/31 days = US$69.68",
    );
    const ru = lineExplanationText(explainPricedLine(r.input.lines[0], c.amount, "usd", "Team")!, "usd", "ru");
    expect(ru).toMatch(/^Неиспользованное время по 10 × Team с 20 мар/);
    expect(ru).toContain("12/31 дн.");
    expect(ru).toContain("58,06");
  });

  it("a quantity changed through the tiers: 8 fonts (5 × 7 + 3 × 6.50) become 12 (… + 2 × 6)", () => {
    const line = priced("il_f", 5450n, "8", fonts, false);
    expect(lineExplanationText(explainPricedLine(line, 5450n, "usd", "Fonts")!, "usd", "en")).toBe(
      "Tiers: 1–5 × US$7.00 = US$35.00; 6–10 × US$6.50 = US$19.50; total US$54.50",
    );
    const r = recalculate({ currency: "usd", lines: [line] }, [{ type: "set_quantity", lineId: "il_f", quantity: "12" }]);
    const after = r.recalculated.lines[0];
    expect(after.amount).toBe(7950n);
    expect(lineExplanationText(explainPricedLine(r.input.lines[0], after.amount, "usd", "Fonts")!, "usd", "en")).toBe(
      "Tiers: 1–5 × US$7.00 = US$35.00; 6–10 × US$6.50 = US$32.50; 11+ × US$6.00 = US$12.00; total US$79.50",
    );
  });

  it("a plain line, or a priced line the agent gave a unit price, has nothing to explain", () => {
    expect(explainPricedLine({ id: "il_1", quantity: "3", unitAmountDecimal: "1500" }, 4500n, "usd", null)).toBeNull();
    expect(explainPricedLine({ id: "il_2", quantity: "3", price: { unitAmountDecimal: "1500" } }, 4500n, "usd", null)).toBeNull();
    const r = recalculate(input, [{ type: "set_unit_amount", lineId: "il_d", unitAmountDecimal: "1000" }]);
    expect(explainPricedLine(r.input.lines[1], r.recalculated.lines[1].amount, "usd", "Team")).toBeNull();
  });
});
