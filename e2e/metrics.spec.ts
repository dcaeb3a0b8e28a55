// Operators scrape GET /api/metrics (Prometheus text format) with the configured bearer token;
// anyone else gets 401. The production server has synced the demo through the emulator by now,
// so its Stripe requests, webhooks and inbox are in the figures.
import { expect, test } from "@playwright/test";

const TOKEN = "e2e-metrics-token-not-for-production"; // playwright.config.ts sets METRICS_TOKEN

test("the metrics endpoint needs the token and reports the sync in Prometheus' format", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token-of-the-wrong-size" } })).status()).toBe(401);
  const res = await request.get("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const body = await res.text();
  expect(body).toMatch(/^settle_inbox_events\{status="processed"\} [1-9]\d*$/m);
  expect(body).toMatch(/^settle_inbox_oldest_pending_age_seconds \S+$/m);
  expect(body).toMatch(/^settle_outbox_emails\{status="sent"\} \d+$/m);
  expect(body).toMatch(/^# TYPE settle_stripe_requests_total counter$/m);
  expect(body).toMatch(/^# TYPE settle_webhook_ack_duration_seconds histogram$/m);
  expect(body).toMatch(/^settle_process_resident_memory_bytes \d+/m);
});
