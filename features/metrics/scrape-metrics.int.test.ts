// Operators watch Settle from outside: GET /api/metrics in Prometheus' text format, behind a
// bearer token. Stripe requests and 429s per endpoint come from the SDK's response events; the
// inbox and outbox gauges from the shared database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { scrapeAccess, scrapeMetrics } from "./scrape-metrics";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 41 });
});
afterAll(async () => {
  const db = await getDb();
  await db.stripeEvent.deleteMany({ where: { id: { startsWith: "evt_metrics_" } } });
  await db.price.deleteMany({ where: { id: "price_metrics_lag" } });
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

  it("time each applied event from its arrival in the inbox to its projection (histogram)", async () => {
    const db = await getDb();
    const count = (body: string) => Number(body.match(/^settle_event_processing_lag_seconds_count (\S+)/m)?.[1] ?? 0);
    const le = (body: string, bound: string) =>
      Number(body.match(new RegExp(`^settle_event_processing_lag_seconds_bucket\\{le="${bound}"\\} (\\S+)`, "m"))?.[1] ?? 0);
    const before = (await scrapeMetrics(db)).body;
    // A price's deletion is applied as delivered (no Stripe call); it waited 6 s in the inbox.
    await db.stripeEvent.create({
      data: {
        id: "evt_metrics_lag",
        type: "price.deleted",
        objectType: "price",
        objectId: "price_metrics_lag",
        stripeCreated: new Date(),
        payload: {
          id: "evt_metrics_lag",
          type: "price.deleted",
          data: { object: { id: "price_metrics_lag", object: "price", currency: "usd", active: false, livemode: false } },
        },
        receivedAt: new Date(Date.now() - 6_000),
      },
    });
    const source = { complete: async (_k: string, o: Record<string, unknown>) => o, retrieve: async () => null, taxRates: async () => ({}) };
    await drainEvents(db, { source });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: "evt_metrics_lag" } })).status).toBe("PROCESSED");
    const { body } = await scrapeMetrics(db);
    expect(count(body)).toBeGreaterThanOrEqual(count(before) + 1);
    // observed at ≥ 6 s: in the 10 s bucket, not in the 5 s one
    expect(le(body, "10") - le(before, "10")).toBeGreaterThanOrEqual(1);
    expect(le(body, "10") - le(body, "5")).toBeGreaterThanOrEqual(le(before, "10") - le(before, "5") + 1);
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
