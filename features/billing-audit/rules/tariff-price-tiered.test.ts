// tariff_price with a contracted tiered tariff: the line's amount is compared with what the
// contract's tiers give for its quantity, so a tiered contract billed right raises nothing.
import { describe, expect, it } from "vitest";
import { context, line, tariff, withInvoice } from "../testing/context";
import type { AuditTariff } from "../types";
import { tariffPrice } from "./tariff-price";

// 1–10 seats at 15.00, 11 and up at 12.00.
const tiered = (tiersMode: "graduated" | "volume"): Partial<AuditTariff> => ({
  unitAmountDecimal: null,
  tiered: {
    tiersMode,
    tiers: [
      { upTo: 10, unitAmountDecimal: "1500" },
      { upTo: "inf", unitAmountDecimal: "1200" },
    ],
  },
});
// A line billed by Stripe's tiered price: no unit amount of its own, the amount from the tiers.
const tieredLine = (amount: bigint, quantity = "12") => line({ quantity, amount, unitAmountDecimal: null });

describe("tariff_price against a tiered contract", () => {
  it("no finding when the line is billed as the contracted tiers give (graduated 174.00, volume 144.00)", () => {
    expect(tariffPrice(withInvoice({ lines: [tieredLine(17400n)] }, { tariffs: [tariff(tiered("graduated"))] }))).toEqual([]);
    expect(tariffPrice(withInvoice({ lines: [tieredLine(14400n)] }, { tariffs: [tariff(tiered("volume"))] }))).toEqual([]);
    // within the first tier, billed per unit at 15.00: the same amount, nothing to say
    expect(
      tariffPrice(withInvoice({ lines: [line({ quantity: "8", unitAmountDecimal: "1500", amount: 12000n })] }, { tariffs: [tariff(tiered("graduated"))] })),
    ).toEqual([]);
  });

  it("finds a line billed off the tiers: 12 × 15.00 where the contract gives 10 × 15.00 + 2 × 12.00", () => {
    const [f] = tariffPrice(
      withInvoice({ lines: [line({ quantity: "12", unitAmountDecimal: "1500", amount: 18000n })] }, { tariffs: [tariff(tiered("graduated"))] }),
    );
    expect(f).toMatchObject({ rule: "tariff_price", severity: "HIGH", amountAtStakeMinor: 600n });
    expect(f.evidence).toMatchObject({ billedAmount: 18000n, expectedAmount: 17400n, tariff: { id: "tar_1", unit: null, tiersMode: "graduated" } });
    expect(f.suggestion).toEqual({
      kind: "recalculation",
      edits: [{ type: "set_tiered_price", lineId: "il_1", tiered: tiered("graduated").tiered }],
      differenceMinor: 600n,
      currency: "usd",
    });
  });

  it("billed below the contract (12 × 12.00 where graduated tiers give 174.00) is a LOW finding", () => {
    const [f] = tariffPrice(withInvoice({ lines: [tieredLine(14400n)] }, { tariffs: [tariff(tiered("graduated"))] }));
    expect(f).toMatchObject({ severity: "LOW", amountAtStakeMinor: 3000n });
  });

  it("does not judge proration lines, fractional quantities, other products, or a tariff no longer in force", () => {
    const t = [tariff(tiered("graduated"))];
    expect(tariffPrice(withInvoice({ lines: [line({ ...tieredLine(9999n), proration: true })] }, { tariffs: t }))).toEqual([]);
    expect(tariffPrice(withInvoice({ lines: [tieredLine(1n, "1.5")] }, { tariffs: t }))).toEqual([]);
    expect(tariffPrice(withInvoice({ lines: [line({ ...tieredLine(1n), priceId: "price_x", productId: "prod_x" })] }, { tariffs: t }))).toEqual([]);
    const ended = [tariff({ ...tiered("graduated"), validTo: new Date("2026-02-01T00:00:00Z") })];
    expect(tariffPrice(withInvoice({ lines: [tieredLine(1n)] }, { tariffs: ended }))).toEqual([]);
  });

  it("a per-unit contract still compares unit amounts (the tiered path does not change it)", () => {
    expect(tariffPrice(context())).toEqual([]);
    expect(tariffPrice(context({ tariffs: [tariff({ unitAmountDecimal: "1000" })] }))[0].amountAtStakeMinor).toBe(2000n);
  });
});
