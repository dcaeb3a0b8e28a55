// Recalculating tiered and proration lines: the quantity goes through the tiers again, and a
// moved change date prorates both lines of the change again (Stripe's rules: pricing.ts, proration.ts).
import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits";
import { computeInvoice } from "./compute-invoice";
import { recalculate } from "./recalculate";
import type { PriceInput } from "./pricing";
import type { InvoiceInput } from "./types";

const DAY = 86_400;
const MAR1 = Date.UTC(2026, 2, 1) / 1000;
const APR1 = Date.UTC(2026, 3, 1) / 1000;
const team: PriceInput = { unitAmountDecimal: "1500" };
// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing — graduated: 1–5 at 7 USD, 6–10 at 6.50, 11+ at 6
const fonts: PriceInput = {
  billingScheme: "tiered",
  tiersMode: "graduated",
  tiers: [
    { upTo: 5, unitAmount: 700 },
    { upTo: 10, unitAmount: 650 },
    { upTo: "inf", unitAmount: 600 },
  ],
};

const seatChange = (t: number): InvoiceInput => ({
  currency: "usd",
  lines: [
    { id: "il_c", quantity: "10", amount: -9194n, price: team, proration: { side: "credit", periodStart: MAR1, periodEnd: APR1, prorationDate: t } },
    { id: "il_d", quantity: "12", amount: 11032n, price: team, proration: { side: "debit", periodStart: MAR1, periodEnd: APR1, prorationDate: t } },
  ],
});

describe("recalculating priced lines", () => {
  it("a priced line computes to what Stripe billed: the proration pair of a seat change 10 → 12 with 19 of 31 days left", () => {
    const r = computeInvoice(seatChange(MAR1 + 12 * DAY));
    expect(r.lines.map((l) => l.amount)).toEqual([-9194n, 11032n]);
    expect(r.total).toBe(1838n);
  });

  it("moving the change date from 13 Mar to 20 Mar prorates both lines again: 12/31 of the period left", () => {
    const r = recalculate(seatChange(MAR1 + 12 * DAY), [
      { type: "set_proration_date", lineId: "il_c", prorationDate: MAR1 + 19 * DAY },
      { type: "set_proration_date", lineId: "il_d", prorationDate: MAR1 + 19 * DAY },
    ]);
    // 15000 × 12/31 = 5806.45… → −5806; 18000 × 12/31 = 6967.74… → 6968
    expect(r.recalculated.lines.map((l) => l.amount)).toEqual([-5806n, 6968n]);
    expect(r.totals.total).toEqual({ original: 1838n, recalculated: 1162n, difference: 676n });
  });

  it("the right quantity on the debit line (11 seats, not 12) prorates the new quantity", () => {
    const r = recalculate(seatChange(MAR1 + 12 * DAY), [{ type: "set_quantity", lineId: "il_d", quantity: "11" }]);
    expect(r.recalculated.lines[1].amount).toBe(10113n); // 16500 × 19/31 = 10112.9… → 10113
  });

  it("a change date outside the billing period is refused", () => {
    expect(() => applyEdits(seatChange(MAR1 + 12 * DAY), [{ type: "set_proration_date", lineId: "il_c", prorationDate: APR1 }])).toThrow(RangeError);
    expect(() => applyEdits(seatChange(MAR1 + 12 * DAY), [{ type: "set_proration_date", lineId: "il_c", prorationDate: MAR1 - 1 }])).toThrow(RangeError);
  });

  it("changing a tiered line's quantity recomputes its tiers (graduated 12 → 8 fonts: 79.50 → 54.50 USD)", () => {
    const input: InvoiceInput = { currency: "usd", lines: [{ id: "il_t", quantity: "12", amount: 7950n, price: fonts }] };
    expect(computeInvoice(input).total).toBe(7950n);
    const r = recalculate(input, [{ type: "set_quantity", lineId: "il_t", quantity: "8" }]);
    expect(r.recalculated.lines[0].amount).toBe(5450n);
    expect(r.totals.total.difference).toBe(2500n);
  });

  it("a unit amount typed over a priced line makes it quantity × unit again", () => {
    const input: InvoiceInput = { currency: "usd", lines: [{ id: "il_t", quantity: "12", amount: 7950n, price: fonts }] };
    const r = recalculate(input, [{ type: "set_unit_amount", lineId: "il_t", unitAmountDecimal: "600" }]);
    expect(r.recalculated.lines[0].amount).toBe(7200n);
  });
});
