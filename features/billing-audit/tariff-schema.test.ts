// The tariff form's schema: per-unit tariffs as before, tiered ones with a field error per bad tier.
import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "@/lib/zod-fields";
import { tariffInputSchema, type TariffInput } from "./tariff-schema";

const base: TariffInput = { customerId: "cus_1", priceId: "price_1", validFrom: "2026-01-01", reason: "Contract 2026" };
const tier = (upTo: string, unitAmount = "", flatAmount = "") => ({ upTo, unitAmount, flatAmount });
const errors = (input: TariffInput) => {
  const r = tariffInputSchema.safeParse(input);
  return r.success ? {} : zodFieldErrors(r.error);
};

describe("tariff input", () => {
  it("a tiered tariff: the mode and its tiers, blank rows at the end dropped, blank or inf up_to = the open last tier", () => {
    const r = tariffInputSchema.parse({
      ...base,
      tiersMode: "graduated",
      tiers: [tier("10", "15.00"), tier("", "12,00", "5"), tier(""), tier("")],
    });
    expect(r.tiersMode).toBe("graduated");
    expect(r.tiers).toEqual([
      { upTo: 10, unitAmount: "15.00", flatAmount: undefined },
      { upTo: null, unitAmount: "12,00", flatAmount: "5" },
    ]);
    expect(tariffInputSchema.parse({ ...base, tiersMode: "volume", tiers: [tier("inf", "", "100")] }).tiers).toEqual([
      { upTo: null, unitAmount: undefined, flatAmount: "100" },
    ]);
  });

  it("per unit stays as it was: blank mode and blank tier rows", () => {
    const r = tariffInputSchema.parse({ ...base, unitAmount: "12.00", tiersMode: "", tiers: [tier(""), tier("")] });
    expect([r.tiersMode, r.tiers, r.unitAmount]).toEqual([undefined, [], "12.00"]);
  });

  it("names the bad tier and what is wrong with it", () => {
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("ten", "15"), tier("", "12")] })).toEqual({ "tiers.0.upTo": "audit.err.tierUpTo" });
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("10", "15"), tier("0", "12"), tier("", "1")] })).toEqual({
      "tiers.1.upTo": "audit.err.tierUpTo",
    });
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("10", "15"), tier("", "abc")] })).toEqual({ "tiers.1.unitAmount": "audit.err.tierAmount" });
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("10", "15"), tier("", "", "x")] })).toEqual({ "tiers.1.flatAmount": "audit.err.tierAmount" });
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("10"), tier("", "12")] })).toEqual({ "tiers.0.unitAmount": "audit.err.tierEmpty" });
    // order: up_to must rise; only the last tier is open, and the last one must be
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("10", "15"), tier("10", "13"), tier("", "12")] })).toEqual({
      "tiers.1.upTo": "audit.err.tierOrder",
    });
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("", "15"), tier("", "12")] })).toEqual({ "tiers.0.upTo": "audit.err.tierOpen" });
    expect(errors({ ...base, tiersMode: "volume", tiers: [tier("10", "15"), tier("20", "12")] })).toEqual({ "tiers.1.upTo": "audit.err.tierLast" });
    // a blank row in the middle is a tier without amounts
    expect(errors({ ...base, tiersMode: "volume", tiers: [tier("10", "15"), tier(""), tier("", "12")] })).toEqual({
      "tiers.1.unitAmount": "audit.err.tierEmpty",
    });
  });

  it("one or the other: a mode needs tiers, tiers need a mode, and a tiered tariff has no unit price", () => {
    expect(errors({ ...base, tiersMode: "graduated", tiers: [tier("")] })).toEqual({ tiers: "audit.err.tiersRequired" });
    expect(errors({ ...base, tiers: [tier("", "12")] })).toEqual({ tiersMode: "audit.err.tiersMode" });
    expect(errors({ ...base, tiersMode: "stairs", tiers: [tier("", "12")] })).toEqual({ tiersMode: "audit.err.tiersMode" });
    expect(errors({ ...base, unitAmount: "12.00", tiersMode: "graduated", tiers: [tier("", "12")] })).toEqual({ unitAmount: "audit.err.unitOrTiers" });
  });
});
