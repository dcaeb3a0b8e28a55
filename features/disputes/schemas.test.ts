import { describe, expect, it } from "vitest";
import { cannedReplySchema, fieldErrors, openDisputeSchema, resolveSchema, staffMessageSchema } from "./schemas";

const base = { invoiceId: "inv1", reason: "WRONG_QUANTITY", description: "Charged 12 seats, we have 10." };

describe("openDisputeSchema", () => {
  it("accepts a valid claim and converts amounts to minor units in the invoice currency", () => {
    const r = openDisputeSchema("usd").parse({ ...base, lines: [{ lineId: "l1", expectedQuantity: "10", expectedAmount: "100.50" }] });
    expect(r.lines[0]).toEqual({ lineId: "l1", expectedQuantity: "10", expectedAmount: 10050n });
  });
  it("rejects decimals a currency does not have (JPY)", () => {
    const r = openDisputeSchema("jpy").safeParse({ ...base, lines: [{ lineId: "l1", expectedAmount: "100.50" }] });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)["lines.0.expectedAmount"]).toBe("disputes.err.amount_precision");
  });
  it("requires a description and a known reason", () => {
    const r = openDisputeSchema("usd").safeParse({ invoiceId: "inv1", reason: "BOGUS", description: " ", lines: [] });
    expect(r.success).toBe(false);
    const f = fieldErrors(r.error!);
    expect(f.description).toBe("disputes.err.tooShort");
    expect(f.reason).toBe("disputes.err.reason");
  });
  it("rejects a malformed or negative quantity", () => {
    for (const q of ["ten", "-1", "1e5"]) {
      const r = openDisputeSchema("usd").safeParse({ ...base, lines: [{ lineId: "l1", expectedQuantity: q }] });
      expect(r.success, q).toBe(false);
    }
  });
  it("limits the description size", () => {
    expect(openDisputeSchema("usd").safeParse({ ...base, description: "x".repeat(5001), lines: [] }).success).toBe(false);
  });
});

describe("staff schemas", () => {
  it("resolution requires a root cause and a note", () => {
    const r = resolveSchema.safeParse({ disputeId: "d1", outcome: "RESOLVED", note: "" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!).rootCause).toBe("disputes.err.rootCause");
    expect(resolveSchema.safeParse({ disputeId: "d1", outcome: "RESOLVED", rootCause: "NOT_AN_ERROR", note: "ok" }).success).toBe(true);
  });
  it("a staff message defaults to public", () => {
    expect(staffMessageSchema.parse({ disputeId: "d1", body: "hi" }).internal).toBe(false);
  });
  it("canned replies need a title, body and supported locale", () => {
    expect(cannedReplySchema.safeParse({ reason: "OTHER", locale: "de", title: "t", body: "b" }).success).toBe(false);
    expect(cannedReplySchema.safeParse({ reason: "OTHER", locale: "ru", title: "t", body: "b" }).success).toBe(true);
  });
});
