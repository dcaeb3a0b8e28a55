import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS_VALUE, strictTransportSecurity } from "./security-headers";

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, no inline or eval, and forbids framing", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc123", publicUrl: "https://billing.example.com", development: false }));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["default-src"]).toEqual(["'self'"]);
    expect(d["upgrade-insecure-requests"]).toEqual([]);
    expect(d["form-action"]).toContain("https://billing.example.com");
    expect(d["form-action"]).toContain("https://checkout.stripe.com");
  });

  it("names the emulator for form redirects, upgrades nothing on http, allows eval only in development", () => {
    const csp = contentSecurityPolicy({ nonce: "n", publicUrl: "http://localhost:3000", stripeApiBase: "http://127.0.0.1:12111/", development: true });
    const d = directives(csp);
    expect(d["form-action"]).toContain("http://127.0.0.1:12111");
    expect(d["upgrade-insecure-requests"]).toBeUndefined();
    expect(d["script-src"]).toContain("'unsafe-eval'");
  });
});

describe("strictTransportSecurity", () => {
  it("only when the public URL is https", () => {
    expect(strictTransportSecurity("https://billing.example.com")).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).toMatch(/max-age=\d{8}/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeUndefined();
  });
});
