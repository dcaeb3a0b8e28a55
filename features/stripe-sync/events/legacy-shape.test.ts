// Pre-2025-03-31 invoices (real ones, from the conformance corpus) read in the current shape.
import { describe, expect, it } from "vitest";
import { corpusInvoices } from "@/features/billing-math/conformance/corpus";
import { invoiceToCurrentShape, subscriptionToCurrentShape } from "./legacy-shape";

const byFile = (suffix: string) => corpusInvoices().find((e) => e.file.endsWith(suffix))!.data;

describe("legacy invoice shape", () => {
  it("line price, tax_amounts and invoice item become pricing, taxes and parent", () => {
    const inv = invoiceToCurrentShape(byFile("Invoice.finalize_invoice.2.legacy.json"));
    const line = inv.lines.data[0];
    expect(line.pricing).toEqual({
      type: "price_details",
      price_details: { price: "price_NORMALIZED00000000000002", product: "prod_NORMALIZED0001" },
      unit_amount_decimal: "6000",
    });
    expect(line.taxes).toEqual([]);
    expect(line.parent).toEqual({
      type: "invoice_item_details",
      invoice_item_details: { invoice_item: "ii_NORMALIZED00000000000002", proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
    });
    expect(inv.total_taxes).toEqual([]);
  });

  it("a discount's coupon moves under source; Stripe Tax entries keep reason and taxable amount", () => {
    const legacyGitpay = invoiceToCurrentShape(byFile("gitpay--invoice.paid.json"));
    expect(legacyGitpay.lines.data[0].pricing.price_details.price).toBe("price_1Q2fh9BrSjgsps2DKg2BTxW9");
    const pay = invoiceToCurrentShape(byFile("pay--invoice.json"));
    expect(pay.total_discount_amounts.map((d: { discount: { source: { coupon: { id: string } } } }) => d.discount.source.coupon.id)).toEqual([
      "10OFF",
      "10OFF",
    ]);
    // pay's invoice already carries the current `taxes` beside the old `tax_amounts`: kept as sent.
    expect(pay.lines.data[0].taxes[0]).toEqual({
      amount: 1245,
      tax_behavior: "exclusive",
      tax_rate_details: { tax_rate: "txr_1REBcPKXBGcbgpbZad52Yd7V" },
      taxability_reason: "standard_rated",
      taxable_amount: 15660,
      type: "tax_rate_details",
    });
    const converted = invoiceToCurrentShape({
      currency: "usd",
      lines: {
        data: [
          { id: "il_1", amount: 100, tax_amounts: [{ amount: 0, inclusive: true, tax_rate: "txr_1", taxability_reason: "not_collecting", taxable_amount: 0 }] },
        ],
      },
    });
    expect(converted.lines.data[0].taxes).toEqual([
      {
        amount: 0,
        tax_behavior: "inclusive",
        tax_rate_details: { tax_rate: "txr_1" },
        taxability_reason: "not_collecting",
        taxable_amount: 0,
        type: "tax_rate_details",
      },
    ]);
  });

  it("a tax entry recorded before taxable_amount existed gets Stripe's definition of it, not 0", () => {
    const inv = invoiceToCurrentShape(byFile("dj-stripe--invoice_in_fakefakefakefakefake0004.json"));
    // 4 000 with 15 % included: 522 tax on 3 478.
    expect(inv.lines.data[0].taxes).toEqual([
      {
        amount: 522,
        tax_behavior: "inclusive",
        tax_rate_details: { tax_rate: "txr_fakefakefakefakefake0001" },
        taxability_reason: null,
        taxable_amount: 3478,
        type: "tax_rate_details",
      },
    ]);
    expect(inv.total_taxes[0].taxable_amount).toBe(3478);
  });

  it("leaves an object already in the current shape as it is", () => {
    const current = byFile("zulip--attach_discount_to_realm--Invoice.pay.2.json");
    expect(invoiceToCurrentShape(current)).toEqual(current);
  });
});

describe("legacy subscription shape", () => {
  it("a pre-basil subscription's period becomes its items' period; a current one is left alone", () => {
    const old = {
      id: "sub_1",
      current_period_start: 100,
      current_period_end: 200,
      items: { object: "list", has_more: false, data: [{ id: "si_1" }, { id: "si_2" }] },
    };
    const out = subscriptionToCurrentShape(old);
    expect(out.items.data).toEqual([
      { id: "si_1", current_period_start: 100, current_period_end: 200 },
      { id: "si_2", current_period_start: 100, current_period_end: 200 },
    ]);
    const current = { id: "sub_2", items: { object: "list", has_more: false, data: [{ id: "si_3", current_period_start: 5, current_period_end: 9 }] } };
    expect(subscriptionToCurrentShape(current)).toBe(current);
  });
});
