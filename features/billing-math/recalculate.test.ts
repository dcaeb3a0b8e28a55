import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits";
import { recalculate } from "./recalculate";
import { recalculationInputsFromJson, recalculationRecord } from "./recalculation-record";
import type { InvoiceInput } from "./types";

// "12 seats, we have 10": seats at 15.00 with 20 % VAT, a platform fee, 10 % off the invoice.
const invoice = (): InvoiceInput => ({
  currency: "eur",
  lines: [
    { id: "il_seats", quantity: 12, unitAmountDecimal: "1500", productId: "prod_seats", priceId: "price_seats_15", periodStart: 1_772_323_200 },
    { id: "il_platform", quantity: 1, unitAmountDecimal: "4900", productId: "prod_platform", periodStart: 1_772_323_200 },
  ],
  discounts: [{ id: "di_loyal", percentOff: "10" }],
  defaultTaxRates: [{ id: "txr_vat", percentage: "20", inclusive: false }],
});

describe("recalculate", () => {
  it("changing a quantity shows original, recalculated and the difference per line and in the totals", () => {
    const r = recalculate(invoice(), [{ type: "set_quantity", lineId: "il_seats", quantity: 10 }]);
    // original: 18000 + 4900 = 22900; 10 % = 2290 → 1800 / 490; tax 20 % of 16200 / 4410 = 3240 / 882
    expect(r.original.total).toBe(22900n - 2290n + 4122n);
    // recalculated: 15000 + 4900 = 19900; 1990 → 1500 / 490; tax 2700 / 882
    expect(r.recalculated.total).toBe(19900n - 1990n + 3582n);
    expect(r.totals.total).toEqual({ original: 24732n, recalculated: 21492n, difference: 3240n });
    expect(r.totals.subtotal.difference).toBe(3000n);
    expect(r.totals.totalDiscount.difference).toBe(300n);
    expect(r.totals.totalTax.difference).toBe(540n);
    const seats = r.lines.find((l) => l.lineId === "il_seats")!;
    expect(seats.status).toBe("changed");
    expect(seats.amount).toEqual({ original: 18000n, recalculated: 15000n, difference: 3000n });
    expect(seats.total.difference).toBe(3240n);
    expect(r.lines.find((l) => l.lineId === "il_platform")!.status).toBe("unchanged");
    expect(r.discounts).toEqual([{ discountId: "di_loyal", original: 2290n, recalculated: 1990n, difference: 300n }]);
    expect(r.changed).toBe(true);
  });

  it("applies a contracted tariff by product and period, in one edit", () => {
    const r = recalculate(invoice(), [
      {
        type: "apply_tariff",
        tariff: [
          { productId: "prod_seats", unitAmountDecimal: "1200", validFrom: 1_767_225_600, validTo: 1_772_323_200 }, // expired before the line's period
          { productId: "prod_seats", unitAmountDecimal: "1250", validFrom: 1_772_323_200 },
        ],
      },
    ]);
    expect(r.recalculated.lines[0].amount).toBe(15000n);
    expect(r.recalculated.lines[1].amount).toBe(4900n);
  });

  it("removes a line, and the invoice discount is re-allocated over what is left", () => {
    const r = recalculate(invoice(), [{ type: "remove_line", lineId: "il_platform" }]);
    const platform = r.lines.find((l) => l.lineId === "il_platform")!;
    expect(platform.status).toBe("removed");
    expect(platform.recalculated).toBeNull();
    expect(platform.total).toEqual({ original: 5292n, recalculated: 0n, difference: 5292n });
    expect(r.recalculated.lines[0].discountTotal).toBe(1800n);
  });

  it("fixes, adds and removes discounts and tax rates", () => {
    const fixed = recalculate(invoice(), [{ type: "set_discount", discount: { id: "di_loyal", percentOff: "15" } }]);
    expect(fixed.recalculated.totalDiscount).toBe(3435n); // 15 % of 22900
    const added = recalculate(invoice(), [{ type: "set_discount", lineId: "il_platform", discount: { id: "di_fee", amountOff: 900n } }]);
    // platform 4900 − 900 = 4000, then 10 % of 22000 = 2200
    expect(added.recalculated.totalDiscountAmounts).toEqual([
      { discountId: "di_loyal", amount: 2200n },
      { discountId: "di_fee", amount: 900n },
    ]);
    const noDiscount = recalculate(invoice(), [{ type: "remove_discount", discountId: "di_loyal" }]);
    expect(noDiscount.recalculated.totalDiscount).toBe(0n);
    const reduced = recalculate(invoice(), [{ type: "set_tax_rate", taxRate: { id: "txr_vat", percentage: "7", inclusive: false } }]);
    expect(reduced.recalculated.totalTax).toBe(1443n); // 7 % of 16200 = 1134, of 4410 = 308.7 → 309
    const exempt = recalculate(invoice(), [{ type: "remove_tax_rate", lineId: "il_platform", taxRateId: "txr_vat" }]);
    expect(exempt.recalculated.lines.map((l) => l.exclusiveTax)).toEqual([3240n, 0n]);
    const extra = recalculate(invoice(), [{ type: "set_tax_rate", lineId: "il_seats", taxRate: { id: "txr_city", percentage: "1", inclusive: false } }]);
    expect(extra.recalculated.lines[0].taxes.map((t) => [t.taxRateId, t.amount])).toEqual([
      ["txr_vat", 3240n],
      ["txr_city", 162n],
    ]);
  });

  it("with no edits nothing changes, and a recalculation can be recalculated", () => {
    const r = recalculate(invoice(), []);
    expect(r.changed).toBe(false);
    expect(r.lines.every((l) => l.status === "unchanged")).toBe(true);
    const edited = recalculate(invoice(), [{ type: "set_unit_amount", lineId: "il_seats", unitAmountDecimal: "1400" }]);
    const again = recalculate(edited.input, []);
    expect(again.changed).toBe(false);
    expect(again.recalculated).toEqual(edited.recalculated);
  });

  it("rejects edits of unknown lines and never mutates its input", () => {
    const inv = invoice();
    const copy = structuredClone(inv);
    expect(() => applyEdits(inv, [{ type: "set_quantity", lineId: "il_nope", quantity: 1 }])).toThrow(RangeError);
    applyEdits(inv, [
      { type: "remove_line", lineId: "il_seats" },
      { type: "set_discount", discount: { id: "x", percentOff: 1 } },
    ]);
    expect(inv).toEqual(copy);
  });
});

describe("recalculation record", () => {
  it("is JSON-safe, carries the schema's sign, and its saved inputs reproduce the result", () => {
    const r = recalculate(invoice(), [
      { type: "set_quantity", lineId: "il_seats", quantity: 10 },
      { type: "set_discount", lineId: "il_platform", discount: { id: "di_fee", amountOff: 900n } },
    ]);
    const rec = recalculationRecord(r);
    expect(rec.differenceMinor).toBe(r.totals.total.original - r.totals.total.recalculated);
    expect(rec.differenceMinor > 0n).toBe(true);
    const text = JSON.stringify(rec.inputs) + JSON.stringify(rec.result);
    expect(text).toContain('"amountOff":"900"');
    const { input, edits } = recalculationInputsFromJson(JSON.parse(JSON.stringify(rec.inputs)));
    expect(edits).toHaveLength(2);
    expect(recalculate(input, []).recalculated).toEqual(r.recalculated);
  });
});
