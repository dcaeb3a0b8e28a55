import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeRedirectPath("/invoices?page=2")).toBe("/invoices?page=2");
    expect(safeRedirectPath("/disputes/abc#reply")).toBe("/disputes/abc#reply");
    expect(safeRedirectPath("/a/../invoices")).toBe("/invoices");
  });

  it("refuses every way out to another origin", () => {
    const bad = [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example", // the reported case: browsers drop the TAB and read //evil.example
      "/%09/evil.example".replace("%09", "\t"),
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/.//evil.example", // dot segments normalize to //evil.example
      "/./\u0000/evil",
      " /invoices",
      "/invoices ",
      "/\u00a0/evil.example",
      "/\u2028/evil.example",
      "javascript:alert(1)",
      "http://user:pw@settle.invalid/",
      "",
      "x".repeat(3000),
      undefined,
      null,
      42,
      { toString: () => "/invoices" },
    ];
    for (const value of bad) expect(safeRedirectPath(value), JSON.stringify(String(value))).toBe("/");
  });

  it("answers non-ASCII with a percent-encoded path, valid in a Location header", () => {
    const out = safeRedirectPath("/invoices?q=счёт");
    expect(out).toBe("/invoices?q=%D1%81%D1%87%D1%91%D1%82");
    expect(out).toMatch(/^[\x21-\x7e]+$/);
    expect(safeRedirectPath("/счета")).toBe("/%D1%81%D1%87%D0%B5%D1%82%D0%B0");
  });

  it("lets an absolute URL on the app's own origin through as its path, no other", () => {
    const appOrigin = "https://billing.example.com";
    expect(safeRedirectPath("https://billing.example.com/invoices?x=1", { appOrigin })).toBe("/invoices?x=1");
    expect(safeRedirectPath("https://billing.example.com.evil.example/", { appOrigin })).toBe("/");
    expect(safeRedirectPath("http://billing.example.com/invoices", { appOrigin })).toBe("/");
    expect(safeRedirectPath("https://billing.example.com:444/", { appOrigin })).toBe("/");
  });

  it("returns the caller's fallback", () => {
    expect(safeRedirectPath("//evil.example", { fallback: "/desk" })).toBe("/desk");
  });
});
