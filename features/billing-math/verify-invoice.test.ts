import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { fromStripeInvoice, type StripeInvoiceLike, type StripeLineLike } from "./from-stripe-invoice";
import { verifyInvoice } from "./verify-invoice";

// A Stripe-shaped invoice (API 2026-10-28): USD, 8.875 % exclusive default rate, one line coupon
// (10 %) and an invoice coupon (5.00 off). Numbers worked by hand:
// il_1: 3 × 12.50 = 3750, −375 (10 %) = 3375; il_2: 0.0125 × 123456 = 1543.2 → 1543
// invoice 500 off over 3375 / 1543 (Σ 4918): 343.12… / 156.87… → 343 / 157
// taxable 3032 / 1386: tax 269.09 → 269, 123.0075 → 123
const rate = { id: "txr_ny", object: "tax_rate", percentage: 8.875, inclusive: false, display_name: "Sales tax" };
const tax = (amount: number, taxable: number) => ({
  amount,
  tax_behavior: "exclusive",
  taxability_reason: "standard_rated",
  taxable_amount: taxable,
  type: "tax_rate_details",
  tax_rate_details: { tax_rate: "txr_ny" },
});
function stripeInvoice(): StripeInvoiceLike {
  const lines: StripeLineLike[] = [
    {
      id: "il_1",
      amount: 3750,
      discountable: true,
      discounts: ["di_line"],
      discount_amounts: [
        { amount: 375, discount: "di_line" },
        { amount: 343, discount: "di_inv" },
      ],
      pricing: { unit_amount_decimal: "1250", price_details: { price: "price_a", product: "prod_a" } },
      quantity: 3,
      quantity_decimal: "3",
      taxes: [tax(269, 3032)],
    },
    {
      id: "il_2",
      amount: 1543,
      discountable: true,
      discounts: [],
      discount_amounts: [{ amount: 157, discount: "di_inv" }],
      pricing: { unit_amount_decimal: "0.0125", price_details: { price: "price_b", product: "prod_b" } },
      quantity: 123456,
      taxes: [tax(123, 1386)],
    },
  ];
  return {
    id: "in_1",
    currency: "usd",
    lines: { data: lines, has_more: false },
    discounts: [{ id: "di_inv", source: { coupon: { id: "five_off", amount_off: 500, currency: "usd", percent_off: null } } }],
    default_tax_rates: [rate],
    // Stripe's subtotal is net of the line coupon ("Item discounts are already incorporated"):
    // 3750 + 1543 − 375 = 4918; the invoice coupon and the exclusive tax follow it.
    subtotal: 4918,
    subtotal_excluding_tax: 4918,
    total_discount_amounts: [
      { amount: 375, discount: "di_line" },
      { amount: 500, discount: "di_inv" },
    ],
    total_taxes: [tax(392, 4418)],
    total: 4918 - 500 + 392,
    total_excluding_tax: 4918 - 500,
    amount_due: 4810,
    amount_paid: 1000,
    amount_remaining: 3810,
  };
}
const lookups = {
  discounts: { di_line: { id: "di_line", source: { coupon: "ten_pct" } } },
  coupons: new Map([["ten_pct", { id: "ten_pct", percent_off: 10, amount_off: null }]]),
};

describe("verifyInvoice", () => {
  it("finds nothing wrong in a correct invoice", () => {
    expect(verifyInvoice(stripeInvoice(), lookups)).toEqual([]);
  });

  it("takes Stripe's subtotal as net of item discounts: a 19.00 line with a 50 % line coupon has subtotal 9.50", () => {
    const inv: StripeInvoiceLike = {
      id: "in_half",
      currency: "usd",
      lines: {
        data: [
          {
            id: "il_h",
            amount: 1900,
            discounts: ["di_half"],
            discount_amounts: [{ amount: 950, discount: "di_half" }],
            quantity: 1,
            pricing: { unit_amount_decimal: "1900" },
            taxes: [],
          },
        ],
        has_more: false,
      },
      discounts: [],
      subtotal: 950,
      subtotal_excluding_tax: 950,
      total_discount_amounts: [{ amount: 950, discount: "di_half" }],
      total_taxes: [],
      total: 950,
      total_excluding_tax: 950,
    };
    const half = { discounts: { di_half: { id: "di_half", source: { coupon: { id: "half", percent_off: 50 } } } } };
    expect(verifyInvoice(inv, half)).toEqual([]);
    // The old reading (subtotal = Σ line amounts) is now a mismatch.
    expect(verifyInvoice({ ...inv, subtotal: 1900, subtotal_excluding_tax: 1900 }, half).map((m) => m.field)).toEqual(["subtotal", "subtotal_excluding_tax"]);
  });

  it("reports a wrong line amount, discount, tax and total with expected and actual", () => {
    const inv = stripeInvoice();
    inv.lines!.data[1].amount = 1600;
    inv.lines!.data[0].discount_amounts![1].amount = 344;
    inv.total_taxes![0].amount = 391;
    inv.total = 4809;
    inv.amount_remaining = 3811;
    const m = verifyInvoice(inv, lookups);
    expect(m).toEqual([
      { field: "lines[il_1].discount_amounts[di_inv]", expected: 343n, actual: 344n },
      { field: "lines[il_2].amount", expected: 1543n, actual: 1600n },
      { field: "total_taxes[txr_ny].amount", expected: 392n, actual: 391n },
      { field: "total", expected: 4810n, actual: 4809n },
      { field: "amount_remaining", expected: 3810n, actual: 3811n },
    ]);
  });

  it("converts to the math's inputs: decimal quantity first, defaults when a line lists no taxes", () => {
    const inv = stripeInvoice();
    inv.lines!.data[1].taxes = [];
    const { input } = fromStripeInvoice(inv, lookups);
    expect(input.lines[0]).toMatchObject({
      id: "il_1",
      quantity: "3",
      unitAmountDecimal: "1250",
      priceId: "price_a",
      productId: "prod_a",
      discounts: [{ id: "di_line", couponId: "ten_pct", percentOff: "10" }],
    });
    expect(input.lines[1].taxRates).toBeNull();
    expect(input.discounts).toEqual([{ id: "di_inv", couponId: "five_off", amountOff: 500n }]);
    expect(input.defaultTaxRates).toEqual([{ id: "txr_ny", percentage: "8.875", inclusive: false, displayName: "Sales tax" }]);
  });

  it("needs every line when the embedded list is truncated, and every referenced object", () => {
    const inv = stripeInvoice();
    const all = inv.lines!.data;
    inv.lines = { data: all.slice(0, 1), has_more: true };
    expect(() => verifyInvoice(inv, lookups)).toThrow(/has_more/);
    expect(verifyInvoice(inv, { ...lookups, lines: all })).toEqual([]);
    expect(() => verifyInvoice(stripeInvoice(), {})).toThrow(/di_line/);
  });

  it("a line without a unit price is taken at its stored amount", () => {
    const inv = stripeInvoice();
    inv.lines!.data[1].pricing = null;
    expect(fromStripeInvoice(inv, lookups).input.lines[1]).toMatchObject({ amount: 1543n, unitAmountDecimal: null });
    expect(verifyInvoice(inv, lookups)).toEqual([]);
  });

  it("accepts the SDK's own types", () => {
    // Compile-time check: Stripe.Invoice and its line items fit the structural input types.
    const asLike = (i: Stripe.Invoice, lines: Stripe.InvoiceLineItem[]) => fromStripeInvoice(i, { lines });
    expect(typeof asLike).toBe("function");
  });
});
