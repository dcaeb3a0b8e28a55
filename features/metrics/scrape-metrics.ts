import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";

export type ScrapeAccess = "ok" | "disabled" | "unauthorized";

/** Prometheus authenticates with `Authorization: Bearer <METRICS_TOKEN>`; without a token set, there is no endpoint. */
export function scrapeAccess(authorization: string | null, token: string | undefined = env().METRICS_TOKEN): ScrapeAccess {
  if (!token) return "disabled";
  const given = Buffer.from(authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "ok" : "unauthorized";
}

const EVENT_STATUSES = ["PENDING", "PROCESSING", "PROCESSED", "IGNORED", "FAILED"] as const;
const OUTBOX_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "DROPPED"] as const;

/** Reads the shared inbox and outbox state into the gauges, then renders every metric. */
export async function scrapeMetrics(db: Db): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const [events, oldest, outbox] = await Promise.all([
    db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text AS status, count(*)::int AS n FROM "StripeEvent" GROUP BY status`,
    db.$queryRaw<{ age: number | null }[]>`
      SELECT extract(epoch FROM (now() AT TIME ZONE 'UTC') - min("receivedAt"))::float8 AS age
        FROM "StripeEvent" WHERE status IN ('PENDING', 'PROCESSING')`,
    db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text AS status, count(*)::int AS n FROM "OutboxEmail" GROUP BY status`,
  ]);
  for (const status of EVENT_STATUSES) m.inboxEvents.set({ status: status.toLowerCase() }, events.find((r) => r.status === status)?.n ?? 0);
  m.inboxOldestPending.set(Math.max(0, oldest[0]?.age ?? 0));
  const outboxStatuses = new Set<string>([...OUTBOX_STATUSES, ...outbox.map((r) => r.status)]);
  for (const status of outboxStatuses) m.outboxEmails.set({ status: status.toLowerCase() }, outbox.find((r) => r.status === status)?.n ?? 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
