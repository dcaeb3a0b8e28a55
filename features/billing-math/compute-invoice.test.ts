// Hand-worked examples of the rules in stripe-emulator/README.md, "Money rules". Every expected number
// below was worked out on paper from the rule, not read off the implementation.
import { describe, expect, it } from "vitest";
import { computeInvoice } from "./compute-invoice";
import type { InvoiceInput, LineInput, TaxRateInput } from "./types";

const vat20: TaxRateInput = { id: "txr_vat20", percentage: "20", inclusive: false };
const line = (id: string, quantity: string | number, unit: string, extra: Partial<LineInput> = {}): LineInput => ({
  id,
  quantity,
  unitAmountDecimal: unit,
  ...extra,
});

describe("line amounts", () => {
  it("USD, exclusive 20 %: 2 × 19.99 = 39.98, tax 7.996 → 8.00", () => {
    const r = computeInvoice({ currency: "usd", lines: [line("il_1", 2, "1999")], defaultTaxRates: [vat20] });
    expect(r.lines[0].amount).toBe(3998n);
    expect(r.lines[0].taxes).toEqual([{ taxRateId: "txr_vat20", percentage: "20", inclusive: false, taxableAmount: 3998n, amount: 800n }]);
    expect(r.subtotal).toBe(3998n);
    expect(r.subtotalExcludingTax).toBe(3998n);
    expect(r.total).toBe(4798n);
    expect(r.totalExcludingTax).toBe(3998n);
    expect(r.totalTaxes.map((t) => t.amount)).toEqual([800n]);
  });

  it("EUR, inclusive 19 %: tax is 19/119 of the line and stays inside the total", () => {
    const incl: TaxRateInput = { id: "txr_de", percentage: "19", inclusive: true };
    const r = computeInvoice({ currency: "eur", lines: [line("a", 1, "11900"), line("b", 1, "999")], defaultTaxRates: [incl] });
    // 11900 × 19/119 = 1900 exactly; 999 × 19/119 = 159.504… → 160
    expect(r.lines.map((l) => l.taxes[0].amount)).toEqual([1900n, 160n]);
    expect(r.lines.map((l) => l.taxes[0].taxableAmount)).toEqual([10000n, 839n]);
    expect(r.subtotal).toBe(12899n);
    expect(r.total).toBe(12899n);
    expect(r.subtotalExcludingTax).toBe(12899n - 2060n);
    expect(r.totalExcludingTax).toBe(10839n);
  });

  it("8.875 % exclusive rounds half up at the cent", () => {
    const ny: TaxRateInput = { id: "txr_ny", percentage: "8.875", inclusive: false };
    const r = computeInvoice({ currency: "usd", lines: [line("a", 1, "1000"), line("b", 1, "2000"), line("c", 1, "199")], defaultTaxRates: [ny] });
    // 88.75 → 89; 177.5 → 178 (half up); 17.66125 → 18
    expect(r.lines.map((l) => l.taxes[0].amount)).toEqual([89n, 178n, 18n]);
    expect(r.totalTaxes).toEqual([{ taxRateId: "txr_ny", percentage: "8.875", inclusive: false, taxableAmount: 3199n, amount: 285n }]);
    expect(r.total).toBe(3199n + 285n);
  });

  it("JPY is zero-decimal: 3 × ¥333.5 = ¥1000.5 → ¥1001, 10 % tax 100.1 → 100", () => {
    const r = computeInvoice({ currency: "JPY", lines: [line("a", 3, "333.5")], defaultTaxRates: [{ id: "t", percentage: 10, inclusive: false }] });
    expect(r.lines[0].amount).toBe(1001n);
    expect(r.lines[0].taxes[0].amount).toBe(100n);
    expect(r.total).toBe(1101n);
  });

  it("KWD: every computed amount is rounded half up to a multiple of 10", () => {
    const r = computeInvoice({
      currency: "kwd",
      lines: [line("a", 1, "1234"), line("b", 1, "1235"), line("c", "0.5", "2469")],
      defaultTaxRates: [{ id: "t5", percentage: "5", inclusive: false }],
    });
    // 1234 → 1230; 1235 → 1240; 1234.5 → 1230 (123.45 tens rounds down)
    expect(r.lines.map((l) => l.amount)).toEqual([1230n, 1240n, 1230n]);
    // 5 %: 61.5 → 60; 62 → 60; 61.5 → 60
    expect(r.lines.map((l) => l.taxes[0].amount)).toEqual([60n, 60n, 60n]);
    expect(r.total).toBe(3700n + 180n);
    for (const l of r.lines) expect(l.amount % 10n).toBe(0n);
  });

  it("decimal unit amounts: 0.3333 × 3 → 1 and 0.0125 × 123456 → 1543", () => {
    const r = computeInvoice({ currency: "usd", lines: [line("a", 3, "0.3333"), line("b", 123456, "0.0125")] });
    expect(r.lines.map((l) => l.amount)).toEqual([1n, 1543n]); // 0.9999 → 1; 1543.2 → 1543
    expect(r.total).toBe(1544n);
  });

  it("decimal quantity and explicit amounts", () => {
    const r = computeInvoice({ currency: "usd", lines: [line("a", "1.5", "999"), { id: "b", amount: 250 }, { id: "c", amount: -100n }] });
    expect(r.lines.map((l) => l.amount)).toEqual([1499n, 250n, -100n]); // 1498.5 → 1499
    expect(r.total).toBe(1649n);
  });
});

describe("discounts", () => {
  const base = (): InvoiceInput => ({
    currency: "usd",
    lines: [line("a", 1, "1000", { discounts: [{ id: "di_a", percentOff: "10" }] }), line("b", 1, "3000", { discounts: [{ id: "di_b", amountOff: 500 }] })],
    discounts: [{ id: "di_inv", percentOff: 25 }],
  });

  it("line coupons first, then an invoice percent coupon allocated by post-line-discount amounts", () => {
    const r = computeInvoice(base());
    // a: 1000 − 100 = 900; b: 3000 − 500 = 2500; invoice 25 % of 3400 = 850 → 225 / 625
    expect(r.lines[0].discountAmounts).toEqual([
      { discountId: "di_a", scope: "line", amount: 100n },
      { discountId: "di_inv", scope: "invoice", amount: 225n },
    ]);
    expect(r.lines[1].discountAmounts).toEqual([
      { discountId: "di_b", scope: "line", amount: 500n },
      { discountId: "di_inv", scope: "invoice", amount: 625n },
    ]);
    expect(r.totalDiscountAmounts).toEqual([
      { discountId: "di_a", amount: 100n },
      { discountId: "di_inv", amount: 850n },
      { discountId: "di_b", amount: 500n },
    ]);
    // Stripe's subtotal is net of the line coupons (4000 − 600); the invoice coupon follows it.
    expect(r.subtotal).toBe(3400n);
    expect(r.total).toBe(2550n);
  });

  it("an amount coupon larger than what is left is capped (line and invoice level)", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [line("a", 1, "300", { discounts: [{ id: "di_big", amountOff: 1000 }] }), line("b", 1, "700")],
      discounts: [{ id: "di_inv", amountOff: 100_000 }],
    });
    expect(r.lines[0].discountAmounts.map((d) => d.amount)).toEqual([300n, 0n]);
    expect(r.lines[1].discountAmounts.map((d) => d.amount)).toEqual([700n]);
    expect(r.total).toBe(0n);
  });

  it("tax is computed on the discounted amount", () => {
    const r = computeInvoice({ ...base(), defaultTaxRates: [vat20] });
    expect(r.lines.map((l) => l.taxes[0].amount)).toEqual([135n, 375n]); // 20 % of 675 and 1875
    expect(r.total).toBe(2550n + 510n);
    expect(r.totalExcludingTax).toBe(2550n);
  });

  it("allocation ties go to the lower line index", () => {
    const three = [line("a", 1, "100"), line("b", 1, "100"), line("c", 1, "100")];
    const one = computeInvoice({ currency: "usd", lines: three, discounts: [{ id: "d", amountOff: 100 }] });
    expect(one.lines.map((l) => l.discountTotal)).toEqual([34n, 33n, 33n]);
    const two = computeInvoice({ currency: "usd", lines: three, discounts: [{ id: "d", amountOff: 200 }] });
    expect(two.lines.map((l) => l.discountTotal)).toEqual([67n, 67n, 66n]);
  });

  it("largest remainder beats index: 10 over 1, 2, 4 → 1.43, 2.86, 5.71 → 1, 3, 6", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [line("a", 1, "100"), line("b", 1, "200"), line("c", 1, "400")],
      discounts: [{ id: "d", amountOff: 10 }],
    });
    expect(r.lines.map((l) => l.discountTotal)).toEqual([1n, 3n, 6n]);
  });

  it("a second invoice discount works on what the first left", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [line("a", 1, "1000")],
      discounts: [
        { id: "d1", percentOff: 50 },
        { id: "d2", percentOff: 50 },
      ],
    });
    expect(r.totalDiscountAmounts).toEqual([
      { discountId: "d1", amount: 500n },
      { discountId: "d2", amount: 250n },
    ]);
  });

  it("KWD invoice discounts are allocated in steps of 10", () => {
    const r = computeInvoice({
      currency: "kwd",
      lines: [line("a", 1, "1000"), line("b", 1, "1000"), line("c", 1, "1000")],
      discounts: [{ id: "d", percentOff: 10 }],
    });
    expect(r.lines.map((l) => l.discountTotal)).toEqual([100n, 100n, 100n]);
    const odd = computeInvoice({
      currency: "kwd",
      lines: [line("a", 1, "1000"), line("b", 1, "1000"), line("c", 1, "1000")],
      discounts: [{ id: "d", amountOff: 100 }],
    });
    expect(odd.lines.map((l) => l.discountTotal)).toEqual([40n, 30n, 30n]);
  });

  it("a 100 % discount leaves nothing to pay and no tax", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [line("a", 2, "1250"), line("b", 1, "1")],
      discounts: [{ id: "all", percentOff: "100" }],
      defaultTaxRates: [vat20],
    });
    expect(r.totalDiscount).toBe(2501n);
    expect(r.total).toBe(0n);
    expect(r.totalTax).toBe(0n);
    expect(r.totalExcludingTax).toBe(0n);
  });

  it("an invoice percent coupon is computed on the sum after line discounts, credit lines included", () => {
    // 10 % of (1000 − 100) = 90, allocated to the only line with something left to discount.
    const r = computeInvoice({
      currency: "usd",
      lines: [
        { id: "a", amount: 1000 },
        { id: "credit", amount: -100 },
      ],
      discounts: [{ id: "d", percentOff: 10 }],
    });
    expect(r.lines.map((l) => l.discountTotal)).toEqual([90n, 0n]);
    expect(r.total).toBe(810n);
  });

  it("a non-discountable line takes no discount", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [line("a", 1, "1000"), line("b", 1, "1000", { discountable: false, discounts: [{ id: "x", percentOff: 50 }] })],
      discounts: [{ id: "d", amountOff: 300 }],
    });
    expect(r.lines.map((l) => l.discountTotal)).toEqual([300n, 0n]);
    expect(r.total).toBe(1700n);
  });
});

describe("taxes", () => {
  it("several rates on one line are each computed on the same amount", () => {
    const r = computeInvoice({
      currency: "cad",
      lines: [
        line("a", 1, "10000", {
          taxRates: [
            { id: "gst", percentage: "5", inclusive: false },
            { id: "qst", percentage: "9.975", inclusive: false },
          ],
        }),
      ],
    });
    expect(r.lines[0].taxes.map((t) => [t.taxRateId, t.amount, t.taxableAmount])).toEqual([
      ["gst", 500n, 10000n],
      ["qst", 998n, 10000n],
    ]);
    expect(r.total).toBe(11498n);
    expect(r.totalExcludingTax).toBe(10000n);
  });

  it("inclusive and exclusive rates on one line", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [
        line("a", 1, "11000", {
          taxRates: [
            { id: "in", percentage: 10, inclusive: true },
            { id: "ex", percentage: 2, inclusive: false },
          ],
        }),
      ],
    });
    // inclusive 11000 × 10/110 = 1000; exclusive 2 % of 11000 = 220
    expect(r.lines[0].taxes.map((t) => t.amount)).toEqual([1000n, 220n]);
    expect(r.total).toBe(11220n);
    expect(r.totalExcludingTax).toBe(10000n);
    expect(r.subtotalExcludingTax).toBe(10000n);
  });

  it("line rates replace the invoice defaults; [] means no tax", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [
        line("a", 1, "1000"),
        line("b", 1, "1000", { taxRates: [{ id: "low", percentage: 5, inclusive: false }] }),
        line("c", 1, "1000", { taxRates: [] }),
      ],
      defaultTaxRates: [vat20],
    });
    expect(r.lines.map((l) => l.exclusiveTax)).toEqual([200n, 50n, 0n]);
    expect(r.totalTaxes.map((t) => [t.taxRateId, t.amount])).toEqual([
      ["txr_vat20", 200n],
      ["low", 50n],
    ]);
  });

  it("more than 10 lines: 12 × 1.00 with 10 % off and 20 % VAT", () => {
    const lines = Array.from({ length: 12 }, (_, i) => line(`il_${i}`, 1, "100"));
    const r = computeInvoice({ currency: "usd", lines, discounts: [{ id: "d", percentOff: 10 }], defaultTaxRates: [vat20] });
    expect(r.lines).toHaveLength(12);
    expect(r.lines.every((l) => l.discountTotal === 10n && l.exclusiveTax === 18n)).toBe(true);
    expect(r.subtotal).toBe(1200n);
    expect(r.totalDiscount).toBe(120n);
    expect(r.totalTax).toBe(216n);
    expect(r.total).toBe(1296n);
  });
});

describe("input validation", () => {
  it("rejects bad input with RangeError", () => {
    expect(() => computeInvoice({ currency: "usd", lines: [{ id: "a" }] })).toThrow(RangeError);
    expect(() => computeInvoice({ currency: "usd", lines: [line("a", "1,5", "100")] })).toThrow(RangeError);
    expect(() => computeInvoice({ currency: "usd", lines: [line("a", 1, "100")], discounts: [{ id: "d", percentOff: 101 }] })).toThrow(RangeError);
    expect(() => computeInvoice({ currency: "usd", lines: [line("a", 1, "100")], discounts: [{ id: "d", percentOff: 1, amountOff: 1 }] })).toThrow(RangeError);
    expect(() => computeInvoice({ currency: "usd", lines: [{ id: "a", amount: 1.5 }] })).toThrow(RangeError);
  });

  it("accepts Prisma-like Decimal objects through toString()", () => {
    const dec = (s: string) => ({ toString: () => s });
    const r = computeInvoice({ currency: "usd", lines: [{ id: "a", quantity: dec("2.000000000000"), unitAmountDecimal: dec("0.012500000000") }] });
    expect(r.lines[0].amount).toBe(0n); // 0.025 → 0
  });
});
