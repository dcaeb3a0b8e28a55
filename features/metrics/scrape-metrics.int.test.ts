// Operators watch Settle from outside: GET /api/metrics in Prometheus' text format, behind a
// bearer token. Stripe requests and 429s per endpoint come from the SDK's response events; the
// inbox and outbox gauges from the shared database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { scrapeAccess, scrapeMetrics } from "./scrape-metrics";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 41 });
});
afterAll(async () => {
  const db = await getDb();
  await db.stripeEvent.deleteMany({ where: { id: { startsWith: "evt_metrics_" } } });
  await emu.close();
  await closeDb();
});

describe("the scrape endpoint's access", () => {
  it("does not exist without a token, and refuses a missing or wrong one", () => {
    const token = "a-long-enough-metrics-token-123";
    expect(scrapeAccess(`Bearer ${token}`, undefined)).toBe("disabled");
    expect(scrapeAccess(null, token)).toBe("unauthorized");
    expect(scrapeAccess(`Bearer ${token}x`, token)).toBe("unauthorized");
    expect(scrapeAccess(token, token)).toBe("unauthorized");
    expect(scrapeAccess(`Bearer ${token}`, token)).toBe("ok");
  });
});

describe("the metrics", () => {
  it("count Stripe requests and 429s per endpoint, with ids folded into one label", async () => {
    const stripe = createStripe({ secretKey: "sk_test_metrics", apiBase: emu.url, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ email: "metrics@example.com" });
    emu.emulator.limiter.configure({ globalPerSecond: 0, endpointPerSecond: 2, concurrency: 0 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => stripe.customers.retrieve(customer.id)));
    emu.emulator.limiter.configure({ globalPerSecond: 0, endpointPerSecond: 0, concurrency: 0 });
    const refused = results.filter((r) => r.status === "rejected").length;
    expect(refused).toBeGreaterThan(0);
    const { body, contentType } = await scrapeMetrics(await getDb());
    expect(contentType).toMatch(/^text\/plain/);
    const value = (line: RegExp) =>
      Number(
        body
          .split("\n")
          .find((l) => line.test(l))
          ?.split(" ")
          .pop(),
      );
    expect(value(/^settle_stripe_requests_total\{method="POST",endpoint="POST \/v1\/customers",status="200"\}/)).toBeGreaterThanOrEqual(1);
    expect(value(/^settle_stripe_requests_total\{method="GET",endpoint="GET \/v1\/customers\/\{id\}",status="429"\}/)).toBe(refused);
    expect(value(/^settle_stripe_rate_limited_total\{endpoint="GET \/v1\/customers\/\{id\}"\}/)).toBe(refused);
    expect(body).toMatch(/settle_stripe_request_duration_seconds_bucket\{le="[^"]+",endpoint="GET \/v1\/customers\/\{id\}"\}/);
    expect(body).not.toContain(customer.id); // ids never become label values
  });

  it("report the inbox by status and the age of its oldest pending event", async () => {
    const db = await getDb();
    const before = await scrapeMetrics(db);
    const pendingBefore = Number(before.body.match(/^settle_inbox_events\{status="pending"\} (\d+)/m)?.[1]);
    await db.stripeEvent.create({
      data: { id: "evt_metrics_1", type: "invoice.paid", stripeCreated: new Date(), payload: {}, receivedAt: new Date(Date.now() - 90_000) },
    });
    const { body } = await scrapeMetrics(db);
    expect(Number(body.match(/^settle_inbox_events\{status="pending"\} (\d+)/m)?.[1])).toBe(pendingBefore + 1);
    expect(Number(body.match(/^settle_inbox_oldest_pending_age_seconds (\S+)/m)?.[1])).toBeGreaterThanOrEqual(89);
    expect(body).toMatch(/^settle_outbox_emails\{status="pending"\} \d+/m);
    expect(body).toMatch(/^settle_process_cpu_seconds_total/m);
  });
});
