import { describe, expect, it } from "vitest";
import { createT } from "@/lib/i18n";
import { formatAmount, formatPercent, formatPeriod, formatQuantity, formatUnitAmount, shiftDecimal, unitPriceDisplay } from "./format";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";
import { explainDecline, explainedDeclineCodes } from "@/features/payments/explain-decline";
import { decodeCursor, encodeCursor } from "@/features/invoices/invoice-cursor";
import { parseInvoiceFilters } from "@/features/invoices/invoice-filters";

describe("display formatting", () => {
  it("formats amounts with each currency's exponent in the user's locale", () => {
    expect(formatAmount(123456n, "usd", "en")).toBe("US$1,234.56");
    expect(formatAmount(1234n, "jpy", "en")).toBe("JP¥1,234");
    expect(formatAmount(1234500n, "kwd", "en").replace(/\s/g, " ")).toBe("KWD 1,234.500");
    expect(formatAmount(123456n, "eur", "ru").replace(/\s/g, " ")).toBe("1 234,56 €");
  });
  it("shifts decimal strings exactly", () => {
    expect(shiftDecimal("1250.5", 2)).toBe("12.505");
    expect(shiftDecimal("35", 2)).toBe("0.35");
    expect(shiftDecimal("7", 3)).toBe("0.007");
    expect(shiftDecimal("1200", 0)).toBe("1200");
    expect(shiftDecimal("-5", 2)).toBe("-0.05");
    expect(() => shiftDecimal("1e5", 2)).toThrow();
  });
  it("shows sub-cent unit prices only when they exist", () => {
    expect(formatUnitAmount("1200", "usd", "en")).toBe("US$12.00");
    expect(formatUnitAmount("0.35", "usd", "en")).toBe("US$0.0035");
    expect(formatUnitAmount("1200", "jpy", "en")).toBe("JP¥1,200");
  });
  it("a proration's 12-decimal unit price is rounded for the table, with Stripe's exact value kept", () => {
    const sp = (x: string | null) => x?.replace(/[\u00a0\u202f]/g, " ");
    // Stripe writes a proration line's unit_amount_decimal as its amount ÷ quantity, to 12 places in dollars
    const ru = unitPriceDisplay("1258.0833333333", "usd", "ru");
    expect(sp(ru.text)).toBe("≈ 12,58 $");
    expect(sp(ru.exact)).toBe("12,580833333333 $");
    expect(unitPriceDisplay("1258.0833333333", "usd", "en")).toEqual({ text: "≈\u00a0US$12.58", exact: "US$12.580833333333" });
    // below one dollar: four more digits than cents
    expect(unitPriceDisplay("0.123456789", "usd", "en")).toEqual({ text: "≈\u00a0US$0.001235", exact: "US$0.00123456789" });
    // exact where it is short: whole cents, sub-cent prices, a half-cent
    expect(unitPriceDisplay("1500", "usd", "en")).toEqual({ text: "US$15.00", exact: null });
    expect(unitPriceDisplay("0.35", "usd", "en")).toEqual({ text: "US$0.0035", exact: null });
    expect(unitPriceDisplay("112.5", "usd", "en")).toEqual({ text: "US$1.125", exact: null });
    expect(unitPriceDisplay("1200", "jpy", "en")).toEqual({ text: "JP¥1,200", exact: null });
    expect(unitPriceDisplay("-919.3548387096774", "usd", "en").text).toBe("≈\u00a0-US$9.19");
  });
  it("quantities, percentages and periods", () => {
    expect(formatQuantity("1234.5", "en")).toBe("1,234.5");
    expect(formatQuantity("0.000000000001", "en")).toBe("0.000000000001");
    expect(formatPercent("20", "en")).toBe("20%");
    expect(formatPercent("7.25", "ru")).toBe("7,25\u00a0%");
    expect(formatPeriod(null, null, "en")).toBe("—");
    // each date kept whole (no-break spaces): a narrow column breaks at the dash only
    expect(formatPeriod(new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 1, 1)), "en")).toBe("1\u00a0Jan\u00a02026 – 1\u00a0Feb\u00a02026");
    expect(formatPeriod(new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(2026, 3, 1)), "ru")).not.toMatch(/\d г\./);
  });
});

describe("decline explanations", () => {
  it("every explained code has a message in both catalogs", () => {
    for (const locale of ["en", "ru"] as const) {
      const t = createT(locale);
      for (const code of explainedDeclineCodes) {
        const key = explainDecline(code, true)!;
        expect(t(key), `${locale} ${code}`).not.toBe(key);
      }
    }
  });
  it("plain words for common codes, generic for unknown, none for success", () => {
    const t = createT("en");
    expect(t(explainDecline("insufficient_funds", true)!)).toMatch(/not enough money/);
    expect(explainDecline("something_new", true)).toBe("portal.decline.unknown");
    expect(explainDecline(null, true)).toBe("portal.decline.unknown");
    expect(explainDecline("insufficient_funds", false)).toBeNull();
    // Stripe advises not to tell the customer a card was reported stolen
    expect(explainDecline("stolen_card", true)).toBe("portal.decline.generic_decline");
  });
});

describe("cursors", () => {
  it("round-trips and is bound to its sort", () => {
    const c = { sort: "amount", dir: "desc", value: "12345", id: "inv_1" } as const;
    const raw = encodeCursor(c);
    expect(raw).toMatch(/^[\w-]+$/);
    expect(decodeCursor(raw, { sort: "amount", dir: "desc" })).toEqual(c);
    expect(decodeCursor(raw, { sort: "amount", dir: "asc" })).toBeNull();
    expect(decodeCursor(raw, { sort: "created", dir: "desc" })).toBeNull();
    const due = { sort: "due", dir: "asc", value: null, id: "x" } as const;
    expect(decodeCursor(encodeCursor(due), { sort: "due", dir: "asc" })).toEqual(due);
    const back = { ...c, before: true };
    expect(decodeCursor(encodeCursor(back), { sort: "amount", dir: "desc" })).toEqual(back);
  });
  it("rejects tampered cursors", () => {
    expect(decodeCursor("garbage", { sort: "created", dir: "desc" })).toBeNull();
    const bad = Buffer.from(JSON.stringify({ s: "amount", d: "desc", v: "1; DROP TABLE", i: "x" })).toString("base64url");
    expect(decodeCursor(bad, { sort: "amount", dir: "desc" })).toBeNull();
    const nullValue = Buffer.from(JSON.stringify({ s: "created", d: "desc", v: null, i: "x" })).toString("base64url");
    expect(decodeCursor(nullValue, { sort: "created", dir: "desc" })).toBeNull();
    expect(decodeTimeCursor("%%%")).toBeNull();
    const at = new Date(Date.UTC(2026, 3, 1));
    expect(decodeTimeCursor(encodeTimeCursor({ at, id: "ch_1" }))).toEqual({ at, id: "ch_1", before: false });
    expect(decodeTimeCursor(encodeTimeCursor({ at, id: "ch_1", before: true }))).toEqual({ at, id: "ch_1", before: true });
  });
  it("filters are lenient: bad values dropped, not errors", () => {
    expect(parseInvoiceFilters({ status: "bogus", from: "2026-13-45", to: "2026-02-01", q: "  INV-1 ", sort: "amount", dir: ["asc", "desc"] })).toEqual({
      status: undefined,
      from: undefined,
      to: "2026-02-01",
      q: "INV-1",
      sort: "amount",
      dir: "asc",
      cursor: undefined,
    });
  });
});
