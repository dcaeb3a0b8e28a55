import { describe, expect, it } from "vitest";
import { invoiceTotalRows } from "@/features/invoices/invoice-total-rows";
import { TAXABILITY_REASONS } from "@/features/billing-math/taxability";
import { createT } from "@/lib/i18n";
import { notCollectedNote } from "./taxability-label";

describe("not collected: <reason in words>", () => {
  it("names every reason that collects nothing, in en and ru; nothing for collected tax", () => {
    const en = createT("en");
    const ru = createT("ru");
    expect(notCollectedNote(en, "not_collecting")).toBe("not collected: not registered to collect tax there");
    expect(notCollectedNote(en, "reverse_charge")).toBe("not collected: reverse charge, the customer accounts for the tax");
    expect(notCollectedNote(ru, "customer_exempt")).toBe("не взимается: клиент освобождён от налога");
    for (const [reason, kind] of Object.entries(TAXABILITY_REASONS)) {
      for (const t of [en, ru]) {
        const note = notCollectedNote(t, reason);
        if (kind === "zero") expect(note, reason).toMatch(/^(not collected|не взимается): [^_{}]+$/);
        else expect(note, reason).toBeNull();
      }
    }
    expect(notCollectedNote(en, null)).toBeNull();
  });

  it("the invoice totals (page and PDF) say why a tax row is zero", () => {
    const d = {
      currency: "eur",
      totals: {
        subtotal: 5000n,
        discounts: [],
        total: 5000n,
        prePaymentCreditNotes: 0n,
        postPaymentCreditNotes: 0n,
        startingBalance: 0n,
        amountDue: 5000n,
        amountPaid: 5000n,
        amountRemaining: 0n,
        taxes: [
          { name: "VAT", percentage: "19", inclusive: false, amount: 0n, taxabilityReason: "reverse_charge" },
          { name: "Sales tax", percentage: "5", inclusive: false, amount: 250n, taxabilityReason: "standard_rated" },
        ],
      },
    };
    const rows = invoiceTotalRows(d, createT("en"), "en").filter((r) => r.key.startsWith("tax:"));
    expect(rows.map((r) => r.label)).toEqual(["VAT 19% — not collected: reverse charge, the customer accounts for the tax", "Sales tax 5%"]);
    const ru = invoiceTotalRows(d, createT("ru"), "ru").filter((r) => r.key.startsWith("tax:"));
    expect(ru[0].label).toContain("не взимается: обратное начисление");
  });
});
