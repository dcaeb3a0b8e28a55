import { describe, expect, it } from "vitest";
import { formatQuantity } from "@/features/billing-display/format";
import { draftLineRows } from "./draft-line-rows";

const line = (quantity: string) => ({ id: `il_${quantity}`, description: "Seats", quantity, amount: 1000n, openDisputeId: null, preselected: false });

describe("new-dispute line rows", () => {
  it("shows billed quantities as the invoice page does (10 and 100 are not '1')", () => {
    const rows = draftLineRows(["10", "100", "1.50", "0.000125"].map(line), "usd", "en");
    expect(rows.map((r) => r.quantity)).toEqual(["10", "100", "1.5", "0.000125"]);
    for (const q of ["10", "100", "1.50", "0.000125"]) {
      expect(draftLineRows([line(q)], "usd", "ru")[0].quantity).toBe(formatQuantity(q, "ru"));
    }
    expect(draftLineRows([line("1000")], "usd", "en")[0].quantity).toBe("1,000");
    expect(rows[0].amount).toBe("US$10.00");
  });
});
