import { describe, expect, it } from "vitest";
import { context, line, withInvoice } from "../testing/context";
import { lineMath } from "./line-math";

describe("line math", () => {
  it("fires when quantity × unit ≠ amount, with the difference at stake and a recalculation", () => {
    const [f] = lineMath(withInvoice({ lines: [line({ amount: 12500n })] }));
    expect(f.rule).toBe("line_math");
    expect(f.fingerprint).toBe("line_math:il_1");
    expect(f.amountAtStakeMinor).toBe(500n);
    expect(f.evidence.expected).toBe(12000n);
    expect(f.suggestion).toMatchObject({ kind: "recalculation", differenceMinor: 500n });
  });
  it("rounds sub-cent unit prices half up like Stripe (no finding)", () => {
    // 3,230,551 × 0.01 = 32,305.51 → 32,306
    expect(lineMath(withInvoice({ lines: [line({ quantity: "3230551", unitAmountDecimal: "0.01", amount: 32306n })] }))).toEqual([]);
  });
  it("does not fire on correct lines, lines without a unit price, or deleted invoices", () => {
    expect(lineMath(context())).toEqual([]);
    expect(lineMath(withInvoice({ lines: [line({ unitAmountDecimal: null, amount: 777n })] }))).toEqual([]);
    expect(lineMath(withInvoice({ status: "DELETED", lines: [line({ amount: 1n })] }))).toEqual([]);
  });
  it("respects three-decimal currencies (amounts in steps of 10 fils)", () => {
    expect(lineMath(withInvoice({ currency: "kwd", lines: [line({ currency: "kwd", quantity: "3", unitAmountDecimal: "1000", amount: 3000n })] }))).toEqual([]);
    expect(
      lineMath(withInvoice({ currency: "kwd", lines: [line({ currency: "kwd", quantity: "3", unitAmountDecimal: "1000", amount: 3010n })] })),
    ).toHaveLength(1);
  });
});
