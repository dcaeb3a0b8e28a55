import { describe, expect, it } from "vitest";
import { auditPriceOf } from "@/features/billing-math/price-row";
import { lineMath } from "./rules/line-math";
import { line, withInvoice } from "./testing/context";

const row = { billingScheme: "per_unit", tiersMode: null, tiers: null, transformQuantity: null, unitAmountDecimal: "1000" };

describe("the projection's Price as the audit's price", () => {
  it("per_unit, package (transform_quantity) and tiered with Stripe's tiers", () => {
    expect(auditPriceOf(row)).toEqual({ billingScheme: "per_unit", unitAmountDecimal: "1000", transformQuantity: null });
    expect(auditPriceOf({ ...row, transformQuantity: { divide_by: 100, round: "up" } })).toEqual({
      billingScheme: "per_unit",
      unitAmountDecimal: "1000",
      transformQuantity: { divideBy: 100, round: "up" },
    });
    expect(
      auditPriceOf({
        ...row,
        billingScheme: "tiered",
        tiersMode: "volume",
        unitAmountDecimal: null,
        tiers: [
          { up_to: 5, unit_amount: 500, flat_amount: null },
          { up_to: null, unit_amount_decimal: "250.5" },
        ],
      }),
    ).toEqual({
      billingScheme: "tiered",
      tiersMode: "volume",
      tiers: [
        { upTo: 5, unitAmount: 500, unitAmountDecimal: null, flatAmount: null, flatAmountDecimal: null },
        { upTo: "inf", unitAmount: null, unitAmountDecimal: "250.5", flatAmount: null, flatAmountDecimal: null },
      ],
    });
  });
  it("unknown stays unknown: no row, a row from before the scheme was stored, tiers that never came, a malformed transform", () => {
    expect(auditPriceOf(null)).toBeNull();
    expect(auditPriceOf({ ...row, billingScheme: null })).toBeNull();
    expect(auditPriceOf({ ...row, billingScheme: "tiered", tiersMode: "graduated", tiers: null })).toEqual({
      billingScheme: "tiered",
      tiersMode: "graduated",
      tiers: null,
    });
    expect(auditPriceOf({ ...row, transformQuantity: { divide_by: 0, round: "up" } })).toBeNull();
  });
  it("a package line priced from the row is not accused; one billed wrong is", () => {
    const price = auditPriceOf({ ...row, transformQuantity: { divide_by: 100, round: "up" } });
    const pkg = (amount: bigint) => withInvoice({ lines: [line({ quantity: "150", unitAmountDecimal: "1000", amount, price, taxes: [] })] });
    expect(lineMath(pkg(2000n))).toEqual([]);
    expect(lineMath(pkg(150000n))[0]?.evidence).toMatchObject({ expected: 2000n, basis: "price" });
  });
});
