import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

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

  it("refuses demo mode against real Stripe in production or with a live key", () => {
    const base = { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), SETTLE_DEMO: "1" };
    expect(() => parseEnv(base)).toThrow(/SETTLE_DEMO/);
    expect(() => parseEnv({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111", STRIPE_SECRET_KEY: "sk_live_abc" })).toThrow(/live/);
    expect(parseEnv({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111" }).SETTLE_DEMO).toBe("1");
  });
});
