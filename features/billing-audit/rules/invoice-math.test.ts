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
    const f = invoiceMath(withInvoice({ lines: [line({ taxes: tax(1201n, 12000n) })], taxes: tax(1201n, 12000n), total: 13201n, amountDue: 13201n, amountPaid: 13201n }));
    expect(f).toHaveLength(1);
  });
  it("fires when Stripe's amount_remaining identity is broken", () => {
    expect(invoiceMath(withInvoice({ amountRemaining: 5n }))).toHaveLength(1);
  });
  it("fires when a discount's line allocations do not add up to the invoice's figure", () => {
    const d = { discountId: "di_1", couponId: "C10", percentOff: null, amountOff: null, scope: "invoice", amount: 1000n };
    const inv = { lines: [line({ discounts: [d], taxes: tax(1100n, 11000n) })], taxes: tax(1100n, 11000n), total: 12100n, totalExcludingTax: 11000n, amountDue: 12100n, amountPaid: 12100n };
    expect(invoiceMath(withInvoice({ ...inv, discounts: [{ discountId: "di_1", couponId: "C10", amount: 1000n }] }))).toEqual([]);
    expect(invoiceMath(withInvoice({ ...inv, discounts: [{ discountId: "di_1", couponId: "C10", amount: 900n }] }))).toHaveLength(1);
  });
  it("accepts inclusive taxes and does not fire on a clean invoice or a draft", () => {
    expect(invoiceMath(context())).toEqual([]);
    const incl = [{ taxRateId: "txr_de", percentage: "19", inclusive: true, amount: 1916n, taxableAmount: 10084n }];
    expect(invoiceMath(withInvoice({ lines: [line({ taxes: incl })], taxes: incl, subtotalExcludingTax: 10084n, total: 12000n, totalExcludingTax: 10084n, amountDue: 12000n, amountPaid: 12000n }))).toEqual([]);
    expect(invoiceMath(withInvoice({ status: "DRAFT", total: 1n }))).toEqual([]);
  });
});
