import { describe, expect, it } from "vitest";
import { checkRefundOverride, needsRefundOverride } from "./refund-guard";

describe("refund guard: refunding a charge that is not a duplicate", () => {
  const sole = { duplicateFindingId: null, solePaymentOf: "INV-0001" };
  it("needs the override only for the only payment of a paid invoice that no audit calls a duplicate", () => {
    expect(needsRefundOverride(sole)).toBe(true);
    expect(needsRefundOverride({ duplicateFindingId: "f1", solePaymentOf: "INV-0001" })).toBe(false);
    expect(needsRefundOverride({ duplicateFindingId: null, solePaymentOf: null })).toBe(false);
  });
  it("refuses without the confirmation, then without a reason of 10 characters; passes with both", () => {
    expect(checkRefundOverride(sole, { confirmed: false, reason: "a long enough reason" })).toEqual({ override: "desk.corrections.err.notDuplicate" });
    expect(checkRefundOverride(sole, { confirmed: true, reason: "   short   " })).toEqual({ overrideReason: "desk.corrections.err.overrideReason" });
    expect(checkRefundOverride(sole, { confirmed: true, reason: "Cancelled before service" })).toEqual({});
    expect(checkRefundOverride({ duplicateFindingId: "f1", solePaymentOf: null }, { confirmed: false, reason: "" })).toEqual({});
  });
});
