import { describe, expect, it } from "vitest";
import { safeStripePageUrl } from "./stripe-pages";

describe("safeStripePageUrl", () => {
  const emulator = "http://127.0.0.1:12111";

  it("lets Stripe's https pages through, against real Stripe or the emulator", () => {
    expect(safeStripePageUrl("https://invoice.stripe.com/i/acct_1/test_abc?s=ap", undefined)).toBe("https://invoice.stripe.com/i/acct_1/test_abc?s=ap");
    expect(safeStripePageUrl("https://billing.stripe.com/p/session/test_x", emulator)).toBe("https://billing.stripe.com/p/session/test_x");
  });

  it("lets http through only on the loopback emulator's own origin", () => {
    expect(safeStripePageUrl("http://127.0.0.1:12111/i/test_abc", emulator)).toBe("http://127.0.0.1:12111/i/test_abc");
    expect(safeStripePageUrl("http://localhost:12111/i/test_abc", "http://localhost:12111")).toBe("http://localhost:12111/i/test_abc");
    expect(safeStripePageUrl("http://127.0.0.1:9999/i/test_abc", emulator)).toBeNull();
    expect(safeStripePageUrl("http://127.0.0.1:12111/i/test_abc", undefined)).toBeNull();
    expect(safeStripePageUrl("http://evil.example/i/x", "http://evil.example")).toBeNull();
    expect(safeStripePageUrl("http://stripe.example/i/x", "https://stripe.example")).toBeNull();
  });

  it("drops every other scheme, credentials in the URL and garbage", () => {
    for (const bad of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,<script>1</script>",
      "//invoice.stripe.com/i/x",
      "/i/x",
      "not a url",
      "",
      null,
      undefined,
      "https://user:pw@invoice.stripe.com/i/x",
      "ftp://invoice.stripe.com/i/x",
    ]) {
      expect(safeStripePageUrl(bad, emulator)).toBeNull();
    }
  });
});
