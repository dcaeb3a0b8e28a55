import { describe, expect, it } from "vitest";
import { isCalendarDay, isDateInRange, isIsoInstantInRange, isPlainLine, isPlainText, isWellFormedId } from "./input";

describe("input shape checks", () => {
  it("refuses every C0 control character and DEL; multi-line text keeps tab, LF and CR", () => {
    for (let c = 0; c < 32; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(isPlainLine(s), `line U+${c.toString(16)}`).toBe(false);
      expect(isPlainText(s), `text U+${c.toString(16)}`).toBe([9, 10, 13].includes(c));
    }
    expect(isPlainLine("a\u007fb")).toBe(false);
    expect(isPlainText("a\u007fb")).toBe(false);
    expect(isPlainLine("Счёт №12 — 10 × €5")).toBe(true);
    expect(isPlainText("line one\r\nline two\tend")).toBe(true);
  });

  it("takes our ids and Stripe's, nothing else", () => {
    for (const ok of ["cmabc123xyz0000", "in_1QxYz", "il_row_ab12_0", "cus_ABC-123"]) expect(isWellFormedId(ok), ok).toBe(true);
    for (const bad of ["", "\u0000", "a\u0000b", "a b", "a/b", "%00", "x".repeat(129), "ид", null, 42]) expect(isWellFormedId(bad), String(bad)).toBe(false);
  });

  it("dates survive a round trip and stay within the year range", () => {
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    for (const bad of ["2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31", "1969-12-31", "2026-1-1", "2026-01-01\u0000"]) {
      expect(isCalendarDay(bad), bad).toBe(false);
    }
    expect(isDateInRange(new Date("2999-12-31T23:59:59Z"))).toBe(true);
    expect(isDateInRange(new Date("0000-01-01T00:00:00Z"))).toBe(false);
    expect(isDateInRange(new Date("nonsense"))).toBe(false);
    expect(isIsoInstantInRange("2026-11-25T10:00:00.000Z")).toBe(true);
    expect(isIsoInstantInRange("0000-01-01T00:00:00.000Z")).toBe(false);
    expect(isIsoInstantInRange("2026-02-30T00:00:00.000Z")).toBe(false);
    expect(isIsoInstantInRange("infinity")).toBe(false);
  });
});
