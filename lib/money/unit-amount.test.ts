import { describe, expect, it } from "vitest";
import { formatUnitAmountInput, parsePercentInput, parseQuantityInput, parseUnitAmountInput } from "./unit-amount";

describe("unit prices typed in major units", () => {
  it("converts to minor-unit decimals per currency exponent", () => {
    expect(parseUnitAmountInput("12.50", "usd")).toEqual({ ok: true, minor: "1250" });
    expect(parseUnitAmountInput("12,5", "eur")).toEqual({ ok: true, minor: "1250" });
    expect(parseUnitAmountInput("1 234,56", "eur")).toEqual({ ok: true, minor: "123456" });
    expect(parseUnitAmountInput("1,234.56", "usd")).toEqual({ ok: true, minor: "123456" });
    expect(parseUnitAmountInput("1500", "jpy")).toEqual({ ok: true, minor: "1500" });
    expect(parseUnitAmountInput("1.234", "kwd")).toEqual({ ok: true, minor: "1234" });
    // usage prices: fractions of a cent
    expect(parseUnitAmountInput("0.000125", "usd")).toEqual({ ok: true, minor: "0.0125" });
    expect(parseUnitAmountInput("0.5", "jpy")).toEqual({ ok: true, minor: "0.5" });
  });

  it("refuses what is not a price, in plain error codes", () => {
    expect(parseUnitAmountInput("", "usd")).toEqual({ ok: false, error: "empty" });
    expect(parseUnitAmountInput("ten", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseUnitAmountInput("-5", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseUnitAmountInput("1e3", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseUnitAmountInput("1,2,3", "usd")).toEqual({ ok: false, error: "format" });
    expect(parseUnitAmountInput("0.000000000000001", "usd")).toEqual({ ok: false, error: "precision" });
    expect(parseUnitAmountInput("9999999999999", "usd")).toEqual({ ok: false, error: "too_large" });
  });

  it("formats minor-unit decimals back for the input, exactly", () => {
    expect(formatUnitAmountInput("1250", "usd")).toBe("12.50");
    expect(formatUnitAmountInput("1200", "usd")).toBe("12.00");
    expect(formatUnitAmountInput("0.0125", "usd")).toBe("0.000125");
    expect(formatUnitAmountInput("1500", "jpy")).toBe("1500");
    expect(formatUnitAmountInput("1230", "kwd")).toBe("1.230");
    for (const [m, c] of [
      ["1250", "usd"],
      ["0.0125", "usd"],
      ["1500", "jpy"],
      ["1234", "kwd"],
      ["99.999999999999", "eur"],
    ] as const) {
      expect(parseUnitAmountInput(formatUnitAmountInput(m, c), c)).toEqual({ ok: true, minor: m });
    }
  });
});

describe("quantities and percentages", () => {
  it("accepts decimal quantities and normalises them", () => {
    expect(parseQuantityInput("10")).toBe("10");
    expect(parseQuantityInput("2,5")).toBe("2.5");
    expect(parseQuantityInput("1.250")).toBe("1.25");
    expect(parseQuantityInput("0")).toBe("0");
    expect(parseQuantityInput("ten")).toBeNull();
    expect(parseQuantityInput("-1")).toBeNull();
    expect(parseQuantityInput("")).toBeNull();
  });

  it("keeps percentages within 0..100 and four decimals", () => {
    expect(parsePercentInput("12.5")).toBe("12.5");
    expect(parsePercentInput("8,875")).toBe("8.875");
    expect(parsePercentInput("100")).toBe("100");
    expect(parsePercentInput("100.01")).toBeNull();
    expect(parsePercentInput("9.12345")).toBeNull();
    expect(parsePercentInput("x")).toBeNull();
  });
});
