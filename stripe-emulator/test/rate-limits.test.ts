// Stripe's API limiters (https://docs.stripe.com/rate-limits): a global per-account rate, a rate
// per endpoint (a named operation, whatever the object id), and a concurrency limit; beyond them
// 429 with a rate_limit_error. Off unless asked for, so other tests keep their speed.
import { afterEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { ApiLimiter, LIVE_LIMITS, endpointOf, parseRateLimits } from "../src/rate-limits";
import { setup, stripeError, type TestEnv } from "./helpers";

describe("endpoints", () => {
  it("are the method and the path with object ids as one template", () => {
    expect(endpointOf("get", "/v1/invoices/in_1QxYzAbCdEfGh")).toBe("GET /v1/invoices/{id}");
    expect(endpointOf("GET", "/v1/invoices/in_9ZZZZZZZZZ/lines")).toBe("GET /v1/invoices/{id}/lines");
    expect(endpointOf("POST", "/v1/invoices/in_1QxYzAbCdEfGh/pay")).toBe("POST /v1/invoices/{id}/pay");
    expect(endpointOf("GET", "/v1/invoices")).toBe("GET /v1/invoices");
    expect(endpointOf("GET", "/v1/tax_rates/txr_1AbCdEfGhIj")).toBe("GET /v1/tax_rates/{id}");
    expect(endpointOf("POST", "/v1/billing_portal/sessions")).toBe("POST /v1/billing_portal/sessions");
  });
});

describe("the limiter", () => {
  it("lets a second's worth through per endpoint, then refuses until tokens come back", () => {
    let now = 0;
    const limiter = new ApiLimiter(LIVE_LIMITS, () => now);
    const results = Array.from({ length: 30 }, () => {
      const r = limiter.admit("GET /v1/invoices/{id}");
      limiter.release();
      return r.ok ? "ok" : r.reason;
    });
    expect(results.filter((r) => r === "ok")).toHaveLength(25);
    expect(results.slice(25)).toEqual(Array(5).fill("endpoint-rate"));
    // another endpoint still has its own 25, and the account's 100 are not used up
    expect(limiter.admit("GET /v1/charges/{id}").ok).toBe(true);
    limiter.release();
    now += 200; // a fifth of a second refills 5 of the endpoint's tokens
    const after = Array.from({ length: 6 }, () => {
      const r = limiter.admit("GET /v1/invoices/{id}");
      limiter.release();
      return r.ok;
    });
    expect(after).toEqual([true, true, true, true, true, false]);
    expect(limiter.counts.endpoints["GET /v1/invoices/{id}"]).toEqual({ allowed: 30, limited: 6 });
  });

  it("counts every endpoint against the account's global rate", () => {
    const limiter = new ApiLimiter({ globalPerSecond: 100, endpointPerSecond: 25, concurrency: 0 }, () => 0);
    const ok = Array.from({ length: 120 }, (_, i) => limiter.admit(`GET /v1/e${i % 10}`).ok);
    expect(ok.filter(Boolean)).toHaveLength(100);
    expect(limiter.counts.limited["global-rate"]).toBe(20);
  });

  it("refuses a request while the concurrency limit is in flight, and admits it once one ends", () => {
    const limiter = new ApiLimiter({ globalPerSecond: 0, endpointPerSecond: 0, concurrency: 2 }, () => 0);
    expect(limiter.admit("GET /v1/a").ok).toBe(true);
    expect(limiter.admit("GET /v1/a").ok).toBe(true);
    expect(limiter.admit("GET /v1/a")).toEqual({ ok: false, reason: "global-concurrency" });
    limiter.release();
    expect(limiter.admit("GET /v1/a").ok).toBe(true);
  });

  it("takes presets and figures, and refuses unknown settings", () => {
    expect(parseRateLimits("live")).toEqual(LIVE_LIMITS);
    expect(parseRateLimits("sandbox").globalPerSecond).toBe(25);
    expect(parseRateLimits("off")).toEqual({ globalPerSecond: 0, endpointPerSecond: 0, concurrency: 0 });
    expect(parseRateLimits({ globalPerSecond: "50" }).globalPerSecond).toBe(50);
    expect(() => parseRateLimits({ perMinute: 5 })).toThrow(/unknown rate limit/);
    expect(() => parseRateLimits("fast")).toThrow(/live, sandbox or off/);
  });
});

describe("over HTTP through the official SDK", () => {
  let env: TestEnv | undefined;
  afterEach(async () => {
    await env?.run.close();
    env = undefined;
  });

  it("answers 429 rate_limit_error beyond an endpoint's 25 requests per second", async () => {
    env = await setup({ rateLimits: LIVE_LIMITS });
    const customer = await env.stripe.customers.create({ email: "limits@example.com" });
    const started = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: 40 }, () => env!.stripe.customers.retrieve(customer.id)));
    const elapsedMs = performance.now() - started;
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected").map((s) => s.reason as Stripe.errors.StripeError);
    // a second's worth at once, plus what the bucket refilled (25 per second) while the burst ran
    expect(settled.length - refused.length).toBeLessThanOrEqual(25 + Math.ceil((elapsedMs * 25) / 1000));
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(e.statusCode).toBe(429);
      expect(e.code).toBe("rate_limit");
      expect(e.headers?.["stripe-rate-limited-reason"]).toBe("endpoint-rate");
    }
    // other endpoints are not limited by this one's use
    await expect(env.stripe.invoices.list({ limit: 1 })).resolves.toBeTruthy();
    const state = (await (await fetch(`${env.run.url}/_emulator/rate-limits`)).json()) as { counts: { endpoints: Record<string, { limited: number }> } };
    expect(state.counts.endpoints["GET /v1/customers/{id}"]!.limited).toBe(refused.length);
  });

  it("is off unless asked for, and the control API switches it", async () => {
    env = await setup();
    const customer = await env.stripe.customers.create({ email: "fast@example.com" });
    const all = await Promise.allSettled(Array.from({ length: 60 }, () => env!.stripe.customers.retrieve(customer.id)));
    expect(all.every((s) => s.status === "fulfilled")).toBe(true);
    await fetch(`${env.run.url}/_emulator/rate-limits`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ preset: "sandbox" }),
    });
    const limited = await Promise.allSettled(Array.from({ length: 40 }, () => env!.stripe.customers.retrieve(customer.id)));
    expect(limited.some((s) => s.status === "rejected")).toBe(true);
    const e = await stripeError(Promise.all(Array.from({ length: 30 }, () => env!.stripe.customers.list({ limit: 1 }))));
    expect(e.headers["stripe-rate-limited-reason"]).toBe("global-rate");
  });
});
