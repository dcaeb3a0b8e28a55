import { describe, expect, it } from "vitest";
import { context, line, withInvoice } from "../testing/context";
import { invoiceMath } from "./invoice-math";

const tax = (amount: bigint, taxable: bigint) => [{ taxRateId: "txr_1", percentage: "10", inclusive: false, amount, taxableAmount: taxable }];

describe("invoice math", () => {
  it("fires when the total does not equal lines + tax", () => {
    const [f] = invoiceMath(withInvoice({ total: 13300n, amountDue: 13300n, amountPaid: 13300n }));
    expect(f.rule).toBe("invoice_math");
    expect(f.amountAtStakeMinor).toBe(100n);
    expect((f.evidence.mismatches as { field: string }[]).map((m) => m.field)).toContain("total");
  });
  it("fires when a line tax is rounded wrongly", () => {
    const f = invoiceMath(
      withInvoice({ lines: [line({ taxes: tax(1201n, 12000n) })], taxes: tax(1201n, 12000n), total: 13201n, amountDue: 13201n, amountPaid: 13201n }),
    );
    expect(f).toHaveLength(1);
  });
  it("fires when Stripe's amount_remaining identity is broken", () => {
    expect(invoiceMath(withInvoice({ amountRemaining: 5n }))).toHaveLength(1);
  });
  it("fires when a discount's line allocations do not add up to the invoice's figure", () => {
    const d = { discountId: "di_1", couponId: "C10", percentOff: null, amountOff: null, scope: "invoice", amount: 1000n };
    const inv = {
      lines: [line({ discounts: [d], taxes: tax(1100n, 11000n) })],
      taxes: tax(1100n, 11000n),
      total: 12100n,
      totalExcludingTax: 11000n,
      amountDue: 12100n,
      amountPaid: 12100n,
    };
    expect(invoiceMath(withInvoice({ ...inv, discounts: [{ discountId: "di_1", couponId: "C10", amount: 1000n }] }))).toEqual([]);
    expect(invoiceMath(withInvoice({ ...inv, discounts: [{ discountId: "di_1", couponId: "C10", amount: 900n }] }))).toHaveLength(1);
  });
  it("accepts inclusive taxes and does not fire on a clean invoice or a draft", () => {
    expect(invoiceMath(context())).toEqual([]);
    const incl = [{ taxRateId: "txr_de", percentage: "19", inclusive: true, amount: 1916n, taxableAmount: 10084n }];
    expect(
      invoiceMath(
        withInvoice({
          lines: [line({ taxes: incl })],
          taxes: incl,
          subtotalExcludingTax: 10084n,
          total: 12000n,
          totalExcludingTax: 10084n,
          amountDue: 12000n,
          amountPaid: 12000n,
        }),
      ),
    ).toEqual([]);
    expect(invoiceMath(withInvoice({ status: "DRAFT", total: 1n }))).toEqual([]);
  });
  it("takes Stripe's subtotal as net of item discounts: a 19.00 line with a 50 % line coupon is clean at subtotal 9.50", () => {
    const half = { discountId: "di_half", couponId: "HALF", percentOff: "50", amountOff: null, scope: "line", amount: 950n };
    const inv = {
      lines: [line({ amount: 1900n, quantity: "1", unitAmountDecimal: "1900", discounts: [half], taxes: [] })],
      discounts: [{ discountId: "di_half", couponId: "HALF", amount: 950n }],
      taxes: [],
      subtotal: 950n,
      subtotalExcludingTax: 950n,
      total: 950n,
      totalExcludingTax: 950n,
      amountDue: 950n,
      amountPaid: 950n,
    };
    expect(invoiceMath(withInvoice(inv))).toEqual([]);
    // Σ line amounts as the subtotal is what Stripe does not send: that one is a finding.
    const [f] = invoiceMath(withInvoice({ ...inv, subtotal: 1900n, subtotalExcludingTax: 1900n }));
    expect((f.evidence.mismatches as { field: string }[]).map((m) => m.field)).toEqual(["subtotal", "subtotal_excluding_tax"]);
  });
  it("an invoice coupon's share stays out of the subtotal while the line's own coupon is in it", () => {
    const own = { discountId: "di_own", couponId: "OWN", percentOff: "10", amountOff: null, scope: "line", amount: 1200n };
    const share = { discountId: "di_inv", couponId: "INV", percentOff: null, amountOff: 800n, scope: "invoice", amount: 800n };
    const t = tax(1000n, 10000n);
    const inv = {
      lines: [line({ discounts: [own, share], taxes: t })],
      discounts: [
        { discountId: "di_own", couponId: "OWN", amount: 1200n },
        { discountId: "di_inv", couponId: "INV", amount: 800n },
      ],
      taxes: t,
      subtotal: 10800n,
      subtotalExcludingTax: 10800n,
      total: 11000n,
      totalExcludingTax: 10000n,
      amountDue: 11000n,
      amountPaid: 11000n,
    };
    expect(invoiceMath(withInvoice(inv))).toEqual([]);
  });
});
