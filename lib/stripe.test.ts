import { describe, expect, it } from "vitest";
import { createStripe, parseApiBase, STRIPE_API_VERSION } from "./stripe";

describe("lib/stripe", () => {
  it("parses STRIPE_API_BASE into host, port and protocol", () => {
    expect(parseApiBase("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(parseApiBase("https://api.stripe.com")).toEqual({ host: "api.stripe.com", port: 443, protocol: "https" });
    expect(parseApiBase(undefined)).toEqual({});
  });
  it("pins the SDK's API version", () => {
    expect(STRIPE_API_VERSION).toBe("2026-10-28.endive");
    const s = createStripe({ secretKey: "sk_test_x", apiBase: "http://127.0.0.1:1" });
    expect(s.getApiField("version")).toBe("2026-10-28.endive");
    expect(s.getMaxNetworkRetries()).toBe(2);
  });
});
