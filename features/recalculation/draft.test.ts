import { describe, expect, it } from "vitest";
import { recalculate, type InvoiceInput } from "@/features/billing-math";
import { applyTariffToDraft, localizeDraft, draftErrors, draftFromInput, draftSchema, editsFromDraft, type Draft } from "./draft";

// "Charged 12 seats, we have 10": seats at 15.00 with a line coupon, a support plan, a fixed-amount
// line, 10 % off the invoice, VAT 20 %.
const invoice = (): InvoiceInput => ({
  currency: "usd",
  lines: [
    {
      id: "il_seats",
      quantity: "12",
      unitAmountDecimal: "1500",
      discounts: [{ id: "di_line", percentOff: "5" }],
      taxRates: [{ id: "txr_vat", percentage: "20", inclusive: false, displayName: "VAT" }],
    },
    {
      id: "il_support",
      quantity: "1",
      unitAmountDecimal: "5000",
      discounts: [],
      taxRates: [{ id: "txr_vat", percentage: "20", inclusive: false, displayName: "VAT" }],
    },
    { id: "il_fee", amount: 1000n, discounts: [{ id: "di_fee", amountOff: 200n }], taxRates: [] },
  ],
  discounts: [{ id: "di_loyal", percentOff: "10" }],
  defaultTaxRates: [],
});

const valid = (d: unknown): Draft => {
  const r = draftSchema("usd").safeParse(d);
  if (!r.success) throw new Error(JSON.stringify(draftErrors(r.error)));
  return r.data;
};

describe("the recalculation form", () => {
  it("starts as the invoice as billed: no edits, no difference", () => {
    const d = draftFromInput(invoice());
    expect(d.lines[0]).toEqual({
      lineId: "il_seats",
      quantity: "12",
      unitAmount: "15.00",
      removed: false,
      discounts: [{ id: "di_line", kind: "percent", value: "5" }],
    });
    expect(d.lines[2]).toMatchObject({ unitAmount: "", discounts: [{ id: "di_fee", kind: "amount", value: "2.00" }] });
    expect(d.invoiceDiscounts).toEqual([{ id: "di_loyal", kind: "percent", value: "10" }]);
    expect(d.taxRates).toEqual([{ id: "txr_vat", percentage: "20", inclusive: false, label: "VAT" }]);
    expect(editsFromDraft(valid(d), invoice())).toEqual({ ok: true, edits: [] });
  });

  it("turns what staff typed into billing-math edits, only for what changed", () => {
    const d = draftFromInput(invoice());
    d.lines[0].quantity = "10";
    d.lines[1].unitAmount = "45,00";
    d.lines[2].removed = true;
    d.lines[0].discounts[0].value = "5.0"; // same value, different spelling: no edit
    d.invoiceDiscounts[0].value = "15";
    d.taxRates[0].percentage = "19";
    const r = editsFromDraft(valid(d), invoice());
    expect(r).toEqual({
      ok: true,
      edits: [
        { type: "set_quantity", lineId: "il_seats", quantity: "10" },
        { type: "set_unit_amount", lineId: "il_support", unitAmountDecimal: "4500" },
        { type: "remove_line", lineId: "il_fee" },
        { type: "set_discount", discount: { id: "di_loyal", couponId: null, percentOff: "15" } },
        { type: "set_tax_rate", taxRate: { id: "txr_vat", percentage: "19", inclusive: false, displayName: "VAT" } },
      ],
    });
  });

  it("gives the per-line and total difference of 'we have 10 seats, not 12'", () => {
    const d = draftFromInput(invoice());
    d.lines[0].quantity = "10";
    const r = editsFromDraft(valid(d), invoice());
    if (!r.ok) throw new Error("invalid");
    const rc = recalculate(invoice(), r.edits);
    // seats 18000 − 5 % = 17100 → 15000 − 5 % = 14250; invoice 10 % over (17100+5000+800)=22900 vs (14250+5000+800)=20050
    const seats = rc.lines.find((l) => l.lineId === "il_seats")!;
    expect(seats.amount).toEqual({ original: 18000n, recalculated: 15000n, difference: 3000n });
    // The subtotal is net of the seats' own 5 % coupon: 17100 → 14250
    expect(rc.totals.subtotal.difference).toBe(2850n);
    expect(rc.totals.total.difference > 0n).toBe(true);
    // 10 % invoice coupon on 2,850 less, then 20 % VAT on the seats' and support's share
    expect(rc.totals.total.difference).toBe(rc.original.total - rc.recalculated.total);
  });

  it("reports field errors in plain-words keys, per field", () => {
    const d = draftFromInput(invoice());
    d.lines[0].quantity = "ten";
    d.lines[1].unitAmount = "12.5.0";
    d.lines[0].discounts[0].value = "120";
    d.lines[2].discounts[0].value = "2.001";
    d.taxRates[0].percentage = "abc";
    const r = draftSchema("usd").safeParse(d);
    expect(r.success).toBe(false);
    expect(draftErrors(r.error!)).toEqual({
      "lines.0.quantity": "desk.recalc.err.quantity",
      "lines.1.unitAmount": "desk.recalc.err.unitAmount",
      "lines.0.discounts.0.value": "desk.recalc.err.percent",
      "lines.2.discounts.0.value": "desk.recalc.err.discountAmount",
      "taxRates.0.percentage": "desk.recalc.err.percent",
    });
  });

  it("refuses a unit price emptied on a priced line, and a stale form (lines that are not the invoice's)", () => {
    const d = draftFromInput(invoice());
    d.lines[0].unitAmount = "";
    expect(editsFromDraft(valid(d), invoice())).toEqual({ ok: false, fields: { "lines.0.unitAmount": "desk.recalc.err.unitAmount" } });
    const stale = draftFromInput(invoice());
    stale.lines[1].lineId = "il_other";
    expect(editsFromDraft(valid(stale), invoice())).toMatchObject({ ok: false, fields: { form: "desk.recalc.err.stale" } });
    const short = draftFromInput(invoice());
    short.lines.pop();
    expect(editsFromDraft(valid(short), invoice())).toMatchObject({ ok: false, fields: { form: "desk.recalc.err.stale" } });
    const unknownCoupon = draftFromInput(invoice());
    unknownCoupon.invoiceDiscounts.push({ id: "di_made_up", kind: "percent", value: "50" });
    expect(editsFromDraft(valid(unknownCoupon), invoice())).toMatchObject({ ok: false, fields: { "invoiceDiscounts.1.value": "desk.recalc.err.stale" } });
  });

  it("rejects what is not a draft at all", () => {
    expect(draftSchema("usd").safeParse({ lines: "x" }).success).toBe(false);
    expect(draftSchema("usd").safeParse({ ...draftFromInput(invoice()), lines: [] }).success).toBe(false);
    expect(draftSchema("usd").safeParse({ ...draftFromInput(invoice()), note: "x".repeat(2001) }).success).toBe(false);
  });

  it("a fixed-amount line becomes quantity × unit price when given one", () => {
    const d = draftFromInput(invoice());
    d.lines[2].unitAmount = "4";
    d.lines[2].quantity = "2";
    const r = editsFromDraft(valid(d), invoice());
    expect(r).toEqual({
      ok: true,
      edits: [
        { type: "set_quantity", lineId: "il_fee", quantity: "2" },
        { type: "set_unit_amount", lineId: "il_fee", unitAmountDecimal: "400" },
      ],
    });
  });

  it("fills the contracted tariff in: unit prices and contracted coupons, marked as added", () => {
    const d = applyTariffToDraft(
      draftFromInput(invoice()),
      {
        lines: [
          { lineId: "il_seats", unitAmountDecimal: "1200", discounts: [] },
          { lineId: "il_support", unitAmountDecimal: null, discounts: [{ id: "contract_co_support", percentOff: "50", amountOff: null }] },
        ],
        invoiceDiscounts: [{ id: "contract_co_welcome", percentOff: null, amountOff: "1000" }],
      },
      "usd",
    );
    expect(d.tariffApplied).toBe(true);
    expect(d.lines[0].unitAmount).toBe("12.00");
    expect(d.lines[1].unitAmount).toBe("50.00");
    expect(d.lines[1].discounts).toEqual([{ id: "contract_co_support", kind: "percent", value: "50", added: true }]);
    expect(d.invoiceDiscounts[1]).toEqual({ id: "contract_co_welcome", kind: "amount", value: "10.00", added: true });
    const r = editsFromDraft(valid(d), invoice());
    expect(r).toEqual({
      ok: true,
      edits: [
        { type: "set_unit_amount", lineId: "il_seats", unitAmountDecimal: "1200" },
        { type: "set_discount", lineId: "il_support", discount: { id: "contract_co_support", couponId: null, percentOff: "50" } },
        { type: "set_discount", discount: { id: "contract_co_welcome", couponId: null, amountOff: 1000n } },
      ],
    });
    // applying it twice changes nothing more
    expect(
      applyTariffToDraft(
        d,
        {
          lines: [{ lineId: "il_seats", unitAmountDecimal: "1200", discounts: [] }],
          invoiceDiscounts: [{ id: "contract_co_welcome", percentOff: null, amountOff: "1000" }],
        },
        "usd",
      ),
    ).toEqual(d);
  });

  it("fills a contracted quantity in, and the edit sets the line's quantity", () => {
    const base = invoice();
    const d = applyTariffToDraft(
      draftFromInput(base),
      { lines: [{ lineId: "il_seats", unitAmountDecimal: null, quantity: "10", discounts: [] }], invoiceDiscounts: [] },
      "usd",
    );
    expect(d.lines[0].quantity).toBe("10");
    const r = editsFromDraft(valid(d), base);
    // 12 seats billed, 10 contracted.
    expect(r).toEqual({ ok: true, edits: [{ type: "set_quantity", lineId: "il_seats", quantity: "10" }] });
  });

  it("writes decimals with a comma for Russian readers, and the comma draft means exactly the same edits", () => {
    const base = invoice();
    const en = draftFromInput(base);
    const ru = localizeDraft(en, ",");
    expect(ru.lines[0].unitAmount).toBe("15,00");
    expect(ru.taxRates[0].percentage).toBe(en.taxRates[0].percentage.replace(".", ","));
    expect(localizeDraft(en, ".")).toBe(en);
    // Unchanged: no edit at all; changed in Russian: the same edit as in English.
    expect(editsFromDraft(valid(ru), base)).toEqual({ ok: true, edits: [] });
    ru.lines[0].unitAmount = "12,50";
    en.lines[0].unitAmount = "12.50";
    expect(editsFromDraft(valid(ru), base)).toEqual(editsFromDraft(valid(en), base));
  });
});
