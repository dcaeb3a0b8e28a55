import "server-only";
import client from "prom-client";

// The process's Prometheus metrics (prom-client). Counters and histograms count what this process
// did (Prometheus sums them across instances); the inbox and outbox gauges are read from the
// database at scrape time, so every instance reports the same shared state.

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "settle_" });
  const registers = [registry];
  // One line a metric below: its name, what it counts, its labels (and a histogram's buckets).
  const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new client.Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new client.Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string = never>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) =>
    new client.Histogram<L>({ name, help, labelNames, buckets, registers });
  return {
    registry,
    stripeRequests: counter("settle_stripe_requests_total", "Requests to the Stripe API, by method, endpoint (path with ids as {id}) and HTTP status", [
      "method",
      "endpoint",
      "status",
    ]),
    stripeRateLimited: counter("settle_stripe_rate_limited_total", "Stripe API requests answered 429 (rate or concurrency limiter), by endpoint", ["endpoint"]),
    stripeDuration: histogram(
      "settle_stripe_request_duration_seconds",
      "Latency of Stripe API requests, by endpoint",
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ["endpoint"],
    ),
    stripeBudgetWaitSeconds: counter(
      "settle_stripe_budget_wait_seconds_total",
      "Time Stripe requests waited for the shared API budget, by priority (people, sync, bulk)",
      ["priority"],
    ),
    stripeBudgetWaited: counter(
      "settle_stripe_budget_waited_requests_total",
      "Stripe requests (retries included) that had to wait for the shared API budget, by priority",
      ["priority"],
    ),
    webhooksReceived: counter("settle_webhook_events_received_total", "Webhook deliveries answered, by outcome (stored, duplicate, rejected)", ["outcome"]),
    webhookAck: histogram(
      "settle_webhook_ack_duration_seconds",
      "Time from a webhook delivery's arrival to its acknowledgement",
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    ),
    eventsProcessed: counter(
      "settle_events_processed_total",
      "Inbox events handled by this process's processor, by outcome (processed, ignored, retry, throttled, failed, lost)",
      ["outcome"],
    ),
    eventLag: histogram(
      "settle_event_processing_lag_seconds",
      "Time from an event's arrival in the inbox to its projection (committed), per applied event",
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    ),
    refetchDecisions: counter(
      "settle_sync_refetch_decisions_total",
      "Per event: apply its delivered snapshot or fetch the object from Stripe, and why (features/stripe-sync/processor/refetch-decision.ts)",
      ["decision", "reason"],
    ),
    inboxEvents: gauge("settle_inbox_events", "Events in the inbox by status (shared database)", ["status"]),
    inboxOldestPending: gauge("settle_inbox_oldest_pending_age_seconds", "Age of the oldest event not yet processed (0 when none)"),
    outboxEmails: gauge("settle_outbox_emails", "Emails in the outbox by status (shared database)", ["status"]),
  };
}

export type Metrics = ReturnType<typeof build>;

// One set per process, kept across module reloads (dev) like the Stripe client and the pools.
export function metrics(): Metrics {
  const g = globalThis as { __settleMetrics?: Metrics };
  return (g.__settleMetrics ??= build());
}

/** `GET /v1/invoices/in_1Ab…/lines` → `/v1/invoices/{id}/lines`: bounded label values. */
export function stripeEndpoint(path: string): string {
  const bare = path.split("?")[0] ?? path;
  return bare
    .split("/")
    .map((seg) => (/^[a-z]+(?:_[a-z]+)*_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{6,}$/.test(seg) ? "{id}" : seg))
    .join("/");
}

/** Records one Stripe API response (the SDK's `response` event, errors included). */
export function recordStripeResponse(e: { method?: string; path?: string; status?: number; elapsed?: number }): void {
  const m = metrics();
  const endpoint = stripeEndpoint(e.path ?? "unknown");
  const method = (e.method ?? "GET").toUpperCase();
  m.stripeRequests.inc({ method, endpoint: `${method} ${endpoint}`, status: String(e.status ?? 0) });
  if (e.status === 429) m.stripeRateLimited.inc({ endpoint: `${method} ${endpoint}` });
  if (typeof e.elapsed === "number") m.stripeDuration.observe({ endpoint: `${method} ${endpoint}` }, e.elapsed / 1000);
}
