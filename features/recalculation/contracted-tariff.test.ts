import { describe, expect, it } from "vitest";
import { context, line, tariff, withInvoice } from "@/features/billing-audit/testing/context";
import type { AuditContractDiscount } from "@/features/billing-audit/types";
import { contractedTariff } from "./contracted-tariff";

const contract = (over: Partial<AuditContractDiscount> = {}): AuditContractDiscount => ({
  id: "cd_1",
  scope: "line",
  priceId: "price_seats",
  productId: "prod_seats",
  couponId: "co_seats",
  percentOff: "10",
  amountOffMinor: null,
  validFrom: new Date("2026-01-01T00:00:00Z"),
  validTo: null,
  ...over,
});

describe("the contracted tariff, in one click", () => {
  it("is null when the customer has no contract", () => {
    expect(contractedTariff(context({ tariffs: [], contractDiscounts: [] }))).toBeNull();
  });

  it("suggests nothing when the invoice follows the contract", () => {
    expect(contractedTariff(context())).toEqual({ lines: [], invoiceDiscounts: [] });
  });

  it("reprices a line to the tariff in force for its period, by price first", () => {
    const ctx = withInvoice(
      {
        lines: [
          line({ unitAmountDecimal: "1500", amount: 15000n }),
          line({ stripeId: "il_2", priceId: "price_other", productId: "prod_seats", unitAmountDecimal: "1500" }),
        ],
      },
      {
        tariffs: [
          tariff({ unitAmountDecimal: "1200", productId: null }),
          tariff({
            id: "tar_old",
            priceId: "price_seats",
            productId: null,
            unitAmountDecimal: "999",
            validFrom: new Date("2025-01-01T00:00:00Z"),
            validTo: new Date("2026-01-01T00:00:00Z"),
          }),
          tariff({ id: "tar_prod", priceId: null, productId: "prod_seats", unitAmountDecimal: "1100" }),
        ],
      },
    );
    expect(contractedTariff(ctx)!.lines).toEqual([
      { lineId: "il_1", unitAmountDecimal: "1200", discounts: [] },
      { lineId: "il_2", unitAmountDecimal: "1100", discounts: [] },
    ]);
  });

  it("sets the contracted quantity (10 seats billed as 12), with the price when that differs too", () => {
    const ctx = withInvoice({ lines: [line({ quantity: "12", amount: 14400n })] }, { tariffs: [tariff({ quantity: "10" })] });
    expect(contractedTariff(ctx)!.lines).toEqual([{ lineId: "il_1", unitAmountDecimal: null, quantity: "10", discounts: [] }]);
    const both = withInvoice(
      { lines: [line({ quantity: "12", unitAmountDecimal: "1500", amount: 18000n })] },
      { tariffs: [tariff({ quantity: "10.000000000000" })] },
    );
    expect(contractedTariff(both)!.lines).toEqual([{ lineId: "il_1", unitAmountDecimal: "1200", quantity: "10", discounts: [] }]);
    // Billed as contracted (the column's scale does not matter): nothing to change.
    expect(contractedTariff(withInvoice({ lines: [line({ quantity: "10.000000000000" })] }, { tariffs: [tariff({ quantity: "10" })] }))!.lines).toEqual([]);
  });

  it("never applies a tariff in another currency, nor to prorated lines", () => {
    const ctx = withInvoice(
      { lines: [line({ unitAmountDecimal: "1500" }), line({ stripeId: "il_p", unitAmountDecimal: "750", proration: true })] },
      { tariffs: [tariff({ unitAmountDecimal: "1200", currency: "eur" })] },
    );
    expect(contractedTariff(ctx)).toBeNull();
    const usd = withInvoice(
      { lines: [line({ stripeId: "il_p", unitAmountDecimal: "750", proration: true })] },
      { tariffs: [tariff({ unitAmountDecimal: "1200" })] },
    );
    expect(contractedTariff(usd)).toEqual({ lines: [], invoiceDiscounts: [] });
  });

  it("adds contracted coupons missing from a line or the invoice, and not those already applied", () => {
    const ctx = context({
      contractDiscounts: [
        contract(),
        contract({ id: "cd_inv", scope: "invoice", priceId: null, productId: null, couponId: "co_welcome", percentOff: null, amountOffMinor: 500n }),
      ],
    });
    expect(contractedTariff(ctx)).toEqual({
      lines: [{ lineId: "il_1", unitAmountDecimal: null, discounts: [{ id: "contract_co_seats", percentOff: "10", amountOff: null }] }],
      invoiceDiscounts: [{ id: "contract_co_welcome", percentOff: null, amountOff: "500" }],
    });
    const applied = withInvoice(
      {
        lines: [line({ discounts: [{ discountId: "di_1", couponId: "co_seats", percentOff: "10", amountOff: null, scope: "line", amount: 1200n }] })],
        discounts: [
          { discountId: "di_1", couponId: "co_seats", amount: 1200n },
          { discountId: "di_2", couponId: "co_welcome", amount: 500n },
        ],
      },
      {
        contractDiscounts: [
          contract(),
          contract({ id: "cd_inv", scope: "invoice", priceId: null, productId: null, couponId: "co_welcome", percentOff: null, amountOffMinor: 500n }),
        ],
      },
    );
    expect(contractedTariff(applied)).toEqual({ lines: [], invoiceDiscounts: [] });
  });
});
