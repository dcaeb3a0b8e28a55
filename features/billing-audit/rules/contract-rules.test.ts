// tariff price, contracted discounts, charge after the service ended, currency
import { describe, expect, it } from "vitest";
import { T0, context, line, tariff, withInvoice } from "../testing/context";
import { afterServiceEnd } from "./after-service-end";
import { contractDiscount } from "./contract-discount";
import { currencyMismatch } from "./currency-mismatch";
import { tariffPrice } from "./tariff-price";
import type { AuditContractDiscount } from "../types";

const MAR = T0;
const APR = new Date("2026-04-01T00:00:00Z");

describe("tariff price", () => {
  it("fires when the line's unit differs from the tariff in force, with the recalculated difference", () => {
    const [f] = tariffPrice(withInvoice({ lines: [line({ priceId: "price_other", unitAmountDecimal: "1440", amount: 14400n })] }));
    expect(f.rule).toBe("tariff_price");
    expect(f.amountAtStakeMinor).toBe(2400n);
    expect(f.suggestion).toMatchObject({ kind: "recalculation", differenceMinor: 2400n });
  });
  it("uses the tariff in force at the line's period start (renegotiated back to back)", () => {
    const tariffs = [tariff({ validTo: APR }), tariff({ id: "tar_2", unitAmountDecimal: "1000", validFrom: APR })];
    expect(tariffPrice(context({ tariffs }))).toEqual([]);
    const april = withInvoice({ lines: [line({ periodStart: APR })] }, { tariffs });
    expect(tariffPrice(april)[0].amountAtStakeMinor).toBe(2000n);
  });
  it("does not fire for equal decimals written differently, lines of products without a tariff, or prorations", () => {
    expect(tariffPrice(context({ tariffs: [tariff({ unitAmountDecimal: "1200.000000000000" })] }))).toEqual([]);
    expect(tariffPrice(withInvoice({ lines: [line({ priceId: "price_x", productId: "prod_x", unitAmountDecimal: "5", amount: 50n })] }))).toEqual([]);
    expect(tariffPrice(withInvoice({ lines: [line({ proration: true, unitAmountDecimal: "1300", amount: 13000n })] }))).toEqual([]);
    expect(tariffPrice(context({ tariffs: [] }))).toEqual([]);
  });
});

const lineContract = (over: Partial<AuditContractDiscount> = {}): AuditContractDiscount => ({
  id: "cd_1",
  scope: "line",
  priceId: null,
  productId: "prod_seats",
  couponId: "PCT20",
  percentOff: "20",
  amountOffMinor: null,
  validFrom: MAR,
  validTo: APR,
  ...over,
});
const applied = (couponId: string) => ({ discountId: `di_${couponId}`, couponId, percentOff: null, amountOff: null, scope: "line", amount: 2400n });

describe("contracted discount", () => {
  it("fires when the contracted line discount is missing", () => {
    const [f] = contractDiscount(context({ contractDiscounts: [lineContract()] }));
    expect(f.fingerprint).toBe("contract_discount:missing:il_1:PCT20");
    expect(f.amountAtStakeMinor).toBe(2400n);
  });
  it("fires when an expired discount is still applied", () => {
    const ctx = withInvoice({ lines: [line({ periodStart: APR, discounts: [applied("PCT20")] })] }, { contractDiscounts: [lineContract()] });
    const [f] = contractDiscount(ctx);
    expect(f.summary).toMatch(/Expired/);
  });
  it("fires when the contracted invoice-level discount is missing", () => {
    const ctx = context({
      contractDiscounts: [lineContract({ scope: "invoice", productId: null, couponId: "USD20", percentOff: null, amountOffMinor: 2000n })],
    });
    expect(contractDiscount(ctx)[0].fingerprint).toBe("contract_discount:missing:in_1:USD20");
  });
  it("does not fire when exactly the contract is applied, before it starts, or when coupon ids are unknown", () => {
    expect(contractDiscount(withInvoice({ lines: [line({ discounts: [applied("PCT20")] })] }, { contractDiscounts: [lineContract()] }))).toEqual([]);
    expect(contractDiscount(context({ contractDiscounts: [lineContract({ validFrom: APR, validTo: null })] }))).toEqual([]);
    const unknown = { ...applied("x"), couponId: null };
    expect(contractDiscount(withInvoice({ lines: [line({ discounts: [unknown] })] }))).toEqual([]);
    const inv = withInvoice(
      { discounts: [{ discountId: "di_u", couponId: "USD20", amount: 2000n }] },
      { contractDiscounts: [lineContract({ scope: "invoice", productId: null, couponId: "USD20" })] },
    );
    expect(contractDiscount(inv)).toEqual([]);
  });
});

describe("charge after the service ended", () => {
  it("fires when every contract for the product ended before the billed period", () => {
    const [f] = afterServiceEnd(context({ tariffs: [tariff({ validTo: new Date("2026-02-15T00:00:00Z") })] }));
    expect(f.rule).toBe("after_service_end");
    expect(f.amountAtStakeMinor).toBe(12000n);
  });
  it("does not fire while a contract is in force, for products never contracted, or on void invoices", () => {
    expect(afterServiceEnd(context())).toEqual([]);
    expect(afterServiceEnd(context({ tariffs: [tariff({ productId: "prod_x", priceId: "price_x", validTo: MAR })] }))).toEqual([]);
    expect(afterServiceEnd(withInvoice({ status: "VOID" }, { tariffs: [tariff({ validTo: MAR })] }))).toEqual([]);
    // A contract that starts later (not yet in force) is not an ended service.
    expect(afterServiceEnd(context({ tariffs: [tariff({ validFrom: APR })] }))).toEqual([]);
  });
});

describe("currency different from the contract", () => {
  it("fires when the invoice currency is not the contract's", () => {
    const [f] = currencyMismatch(context({ tariffs: [tariff({ currency: "eur" })] }));
    expect(f.evidence.contractCurrencies).toEqual(["eur"]);
  });
  it("does not fire when currencies match (any case) or nothing is contracted", () => {
    expect(currencyMismatch(context({ tariffs: [tariff({ currency: "USD" })] }))).toEqual([]);
    expect(currencyMismatch(context({ tariffs: [] }))).toEqual([]);
  });
});
