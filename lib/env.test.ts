import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, stripeLivemode } from "./env";

describe("environment validation", () => {
  it("has working defaults for local development", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.STRIPE_SECRET_KEY.startsWith("sk_test_")).toBe(true);
  });

  it("names the bad variable and never echoes its value", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://secret-password@db/x", PORT: "nope" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).toMatch(/PORT/);
      expect(msg).not.toMatch(/secret-password/);
    }
  });

  it("validates the demo mail catcher's URL", () => {
    expect(parseEnv({}).MAIL_CATCHER_URL).toBe("http://127.0.0.1:1080");
    expect(() => parseEnv({ MAIL_CATCHER_URL: "not a url" })).toThrow(/MAIL_CATCHER_URL/);
  });

  it("requires NEXTAUTH_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET/);
  });

  it("requires a NEXTAUTH_SECRET of at least 32 characters in production only", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(31) })).toThrow(/NEXTAUTH_SECRET must be at least 32/);
    expect(parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) }).NEXTAUTH_SECRET).toHaveLength(32);
    expect(parseEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: "x".repeat(16) }).NEXTAUTH_SECRET).toHaveLength(16);
  });

  it("refuses demo mode unless Stripe's base is a loopback address", () => {
    const base = { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), SETTLE_DEMO: "1" };
    for (const api of [
      "https://api.stripe.com",
      "http://10.0.0.5:12111",
      "http://127.evil.example",
      "http://localhost.evil.example:12111",
      "http://0.0.0.0:12111",
    ]) {
      expect(() => parseEnv({ ...base, STRIPE_API_BASE: api }), api).toThrow(/SETTLE_DEMO is only allowed against the local Stripe emulator/);
      expect(() => parseEnv({ ...base, NODE_ENV: "development", STRIPE_API_BASE: api }), api).toThrow(/SETTLE_DEMO/);
    }
    for (const api of ["http://127.0.0.1:12111", "http://localhost:12111", "http://[::1]:12111", "http://127.0.0.2:1"]) {
      expect(parseEnv({ ...base, STRIPE_API_BASE: api }).SETTLE_DEMO, api).toBe("1");
    }
  });

  it("trusts no forwarding proxy unless told how many there are", () => {
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it("refuses demo mode against real Stripe in production or with a live key", () => {
    const base = { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), SETTLE_DEMO: "1" };
    expect(() => parseEnv(base)).toThrow(/SETTLE_DEMO/);
    expect(() => parseEnv({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111", STRIPE_SECRET_KEY: "sk_" + "live_abc" })).toThrow(/live/);
    expect(parseEnv({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111" }).SETTLE_DEMO).toBe("1");
  });

  it("derives the Stripe mode from the key, never from a substring elsewhere in it", () => {
    expect([stripeLivemode("sk_" + "live_abc"), stripeLivemode("rk_" + "live_abc"), stripeLivemode("sk_test_abc"), stripeLivemode("sk_test_x_live_y")]).toEqual(
      [true, true, false, false],
    );
  });
});
