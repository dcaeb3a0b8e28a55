// A contracted tiered tariff applied in a recalculation: the line's amount follows its quantity
// through the contract's tiers (graduated or volume, rounded once per line), and a proration
// line's tiered amount is prorated over its own period. Hand-worked figures in each test.
import { describe, expect, it } from "vitest";
import { recalculate } from "./recalculate";
import { recalculationInputsFromJson, recalculationRecord } from "./recalculation-record";
import type { TieredTariff } from "./apply-edits";
import type { InvoiceInput, LineInput } from "./types";

const DAY = 86_400;
const MAR1 = Date.UTC(2026, 2, 1) / 1000;
const APR1 = Date.UTC(2026, 3, 1) / 1000;

const seats = (over: Partial<LineInput> = {}): LineInput => ({
  id: "il_seats",
  quantity: "12",
  unitAmountDecimal: "1500",
  priceId: "price_team",
  productId: "prod_team",
  periodStart: MAR1,
  ...over,
});
const invoice = (lines: LineInput[]): InvoiceInput => ({ currency: "usd", lines });

// 1–10 at 15.00, 11 and up at 12.00 (bob's Team seats, as a contract).
const team = (tiersMode: "graduated" | "volume"): TieredTariff => ({
  tiersMode,
  tiers: [
    { upTo: 10, unitAmountDecimal: "1500" },
    { upTo: "inf", unitAmountDecimal: "1200" },
  ],
});

describe("applying a contracted tiered tariff", () => {
  it("graduated: 10 × 15.00 + 2 × 12.00 = 174.00 for a line billed 12 × 15.00", () => {
    const r = recalculate(invoice([seats()]), [{ type: "apply_tariff", tariff: [{ productId: "prod_team", tiered: team("graduated") }] }]);
    expect(r.lines[0].amount).toEqual({ original: 18000n, recalculated: 17400n, difference: 600n });
  });

  it("volume: all 12 seats at the tier 12 falls in, 12 × 12.00 = 144.00", () => {
    const r = recalculate(invoice([seats()]), [{ type: "apply_tariff", tariff: [{ priceId: "price_team", tiered: team("volume") }] }]);
    expect(r.recalculated.lines[0].amount).toBe(14400n);
  });

  it("the tiers are recomputed when the quantity changes after (or before) the tariff", () => {
    const tariff = { type: "apply_tariff" as const, tariff: [{ productId: "prod_team", tiered: team("graduated") }] };
    const after = recalculate(invoice([seats()]), [tariff, { type: "set_quantity", lineId: "il_seats", quantity: "8" }]);
    const before = recalculate(invoice([seats()]), [{ type: "set_quantity", lineId: "il_seats", quantity: "8" }, tariff]);
    // 8 seats are all in the first tier: 8 × 15.00
    expect([after.recalculated.lines[0].amount, before.recalculated.lines[0].amount]).toEqual([12000n, 12000n]);
  });

  it("decimal unit amounts and a flat amount: the exact sum is rounded once, half up", () => {
    const api: TieredTariff = {
      tiersMode: "graduated",
      tiers: [
        { upTo: 1000, unitAmountDecimal: "0.25" },
        { upTo: "inf", unitAmountDecimal: "0.2", flatAmountDecimal: "100" },
      ],
    };
    const amount = (q: string, t: TieredTariff) =>
      recalculate(invoice([seats({ quantity: q })]), [{ type: "set_tiered_price", lineId: "il_seats", tiered: t }]).recalculated.lines[0].amount;
    expect(amount("2", api)).toBe(1n); // 0.5 → 1
    expect(amount("1001", api)).toBe(350n); // 250 + 0.2 + 100 = 350.2
    expect(amount("1003", api)).toBe(351n); // 250 + 0.6 + 100 = 350.6
    expect(amount("1001", { ...api, tiersMode: "volume" })).toBe(300n); // 1001 × 0.2 + 100 = 300.2
  });

  it("the first matching entry wins, by period: an expired tiered tariff does not apply", () => {
    const r = recalculate(invoice([seats()]), [
      {
        type: "apply_tariff",
        tariff: [
          { productId: "prod_team", tiered: team("volume"), validTo: MAR1 },
          { productId: "prod_team", unitAmountDecimal: "1300", validFrom: MAR1 },
        ],
      },
    ]);
    expect(r.recalculated.lines[0].amount).toBe(15600n);
  });

  it("a fractional quantity cannot be priced through tiers: the recalculation says so instead of guessing", () => {
    expect(() => recalculate(invoice([seats({ quantity: "1.5" })]), [{ type: "set_tiered_price", lineId: "il_seats", tiered: team("graduated") }])).toThrow(
      RangeError,
    );
  });
});

describe("a contracted tiered tariff on proration lines", () => {
  // 10 → 12 seats on 13 Mar: 19 of March's 31 days remain. Billed on the per-unit 15.00 price:
  // credit −(10 × 1500 × 19/31) = −9193.5 → −9194, debit 12 × 1500 × 19/31 = 11032.3 → 11032.
  const change = (prorationDate: number): InvoiceInput =>
    invoice([
      seats({
        id: "il_credit",
        quantity: "10",
        unitAmountDecimal: null,
        price: { unitAmountDecimal: "1500" },
        proration: { side: "credit", periodStart: MAR1, periodEnd: APR1, prorationDate },
      }),
      seats({
        id: "il_debit",
        quantity: "12",
        unitAmountDecimal: null,
        price: { unitAmountDecimal: "1500" },
        proration: { side: "debit", periodStart: MAR1, periodEnd: APR1, prorationDate },
      }),
    ]);
  const contract: TieredTariff = {
    tiersMode: "graduated",
    tiers: [
      { upTo: 10, unitAmountDecimal: "1400" },
      { upTo: "inf", unitAmountDecimal: "1000" },
    ],
  };
  const T = MAR1 + 12 * DAY;

  it("prorates the tiered amount of each side: −(140.00 × 19/31), +(160.00 × 19/31)", () => {
    const r = recalculate(change(T), [{ type: "apply_tariff", tariff: [{ productId: "prod_team", tiered: contract }] }]);
    expect(r.original.lines.map((l) => l.amount)).toEqual([-9194n, 11032n]);
    // 14000 × 19/31 = 8580.6 → −8581; (14000 + 2 × 1000) × 19/31 = 9806.5 → 9806
    expect(r.recalculated.lines.map((l) => l.amount)).toEqual([-8581n, 9806n]);
    expect(r.totals.total).toEqual({ original: 1838n, recalculated: 1225n, difference: 613n });
  });

  it("moving the change date to 20 Mar prorates both tiered lines again (12 of 31 days)", () => {
    const r = recalculate(change(T), [
      { type: "apply_tariff", tariff: [{ productId: "prod_team", tiered: contract }] },
      { type: "set_proration_date", lineId: "il_credit", prorationDate: MAR1 + 19 * DAY },
      { type: "set_proration_date", lineId: "il_debit", prorationDate: MAR1 + 19 * DAY },
    ]);
    // 14000 × 12/31 = 5419.4 → −5419; 16000 × 12/31 = 6193.5 → 6194
    expect(r.recalculated.lines.map((l) => l.amount)).toEqual([-5419n, 6194n]);
  });

  it("is saved as JSON and read back to the same result", () => {
    const r = recalculate(change(T), [{ type: "apply_tariff", tariff: [{ productId: "prod_team", tiered: contract }] }]);
    const back = recalculationInputsFromJson(recalculationRecord(r).inputs);
    expect(recalculate(back.input, []).recalculated.total).toBe(1225n);
    expect(back.edits).toEqual([{ type: "apply_tariff", tariff: [{ productId: "prod_team", tiered: contract }] }]);
  });
});
