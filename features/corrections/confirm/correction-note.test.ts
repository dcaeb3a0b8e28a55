import { describe, expect, it } from "vitest";
import { correctionNote } from "./correction-note";

describe("correctionNote", () => {
  it("names the credit note and formats the amount for the reader's language", () => {
    expect(correctionNote("en", { creditNoteNumber: "CN-0042", amount: 123456n, currency: "usd" })).toBe(
      "We corrected your bill: credit note CN-0042 of US$1,234.56 has been issued.",
    );
    expect(correctionNote("ru", { creditNoteNumber: "CN-0042", amount: 123456n, currency: "eur" }).replace(/\s/g, " ")).toBe(
      "Мы исправили ваш счёт: выпущена кредит-нота CN-0042 на сумму 1 234,56 €.",
    );
  });

  it("a refund without a credit note; a zero-decimal currency keeps its exponent", () => {
    expect(correctionNote("en", { creditNoteNumber: null, amount: 1500n, currency: "jpy" })).toBe(
      "We corrected your bill: a refund of JP¥1,500 has been issued.",
    );
    expect(correctionNote("ru", { creditNoteNumber: null, amount: 990n, currency: "usd" }).replace(/\s/g, " ")).toBe(
      "Мы исправили ваш счёт: оформлен возврат на сумму 9,90 $.",
    );
  });
});
