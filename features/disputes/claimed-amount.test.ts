import { describe, expect, it } from "vitest";
import { claimedForLine } from "./claimed-amount";

describe("claimedForLine", () => {
  it("12 seats billed, 10 expected: 2/12 of the line", () => {
    expect(claimedForLine({ amount: 12000n, quantity: "12" }, { expectedQuantity: "10", expectedAmount: null })).toBe(2000n);
  });
  it("rounds half away from zero", () => {
    expect(claimedForLine({ amount: 1000n, quantity: "3" }, { expectedQuantity: "2", expectedAmount: null })).toBe(333n);
    expect(claimedForLine({ amount: 1001n, quantity: "2" }, { expectedQuantity: "1", expectedAmount: null })).toBe(501n);
  });
  it("an expected amount wins and never goes negative", () => {
    expect(claimedForLine({ amount: 5000n, quantity: "1" }, { expectedQuantity: "0.5", expectedAmount: 4000n })).toBe(1000n);
    expect(claimedForLine({ amount: 5000n, quantity: "1" }, { expectedQuantity: null, expectedAmount: 6000n })).toBe(0n);
  });
  it("decimal quantities", () => {
    expect(claimedForLine({ amount: 1500n, quantity: "1.5" }, { expectedQuantity: "1.0", expectedAmount: null })).toBe(500n);
  });
});
