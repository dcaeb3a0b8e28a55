import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";

/**
 * The audit dashboard's figures: findings per week and severity and per rule, money at risk
 * (open, confirmed) vs recovered (corrected) per currency, root causes of resolved disputes and
 * decided findings together (the prevention report: fix the biggest cause first), and sync
 * health per day (events processed vs failed). All aggregated in Postgres.
 */
export async function getAuditDashboard(db: Db, options: { actor: Actor; weeks?: number }) {
  assertStaff(options.actor, "LEAD");
  const since = new Date(Date.now() - (options.weeks ?? 12) * 7 * 86_400_000);
  const [weekly, byRule, money, causes, sync] = await Promise.all([
    db.$queryRaw<{ week: Date; severity: string; n: number }[]>`
      SELECT date_trunc('week', "detectedAt") AS week, severity::text AS severity, count(*)::int AS n
      FROM "Finding" WHERE "detectedAt" >= ${since} GROUP BY 1, 2 ORDER BY 1`,
    db.$queryRaw<{ rule: string; n: number }[]>`SELECT rule, count(*)::int AS n FROM "Finding" WHERE "detectedAt" >= ${since} GROUP BY 1 ORDER BY 2 DESC`,
    db.$queryRaw<{ currency: string; atRisk: string; recovered: string }[]>`
      SELECT coalesce(currency, '') AS currency,
             coalesce(sum("amountAtStakeMinor") FILTER (WHERE status IN ('OPEN', 'CONFIRMED')), 0)::text AS "atRisk",
             coalesce(sum("amountAtStakeMinor") FILTER (WHERE status = 'CORRECTED'), 0)::text AS recovered
      FROM "Finding" GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ cause: string; disputes: number; findings: number }[]>`
      SELECT cause, sum(d)::int AS disputes, sum(f)::int AS findings FROM (
        SELECT "rootCause"::text AS cause, 1 AS d, 0 AS f FROM "Dispute" WHERE "rootCause" IS NOT NULL AND "resolvedAt" >= ${since}
        UNION ALL
        SELECT "rootCause"::text, 0, 1 FROM "Finding" WHERE "rootCause" IS NOT NULL AND status IN ('CONFIRMED', 'CORRECTED') AND "updatedAt" >= ${since}
      ) x GROUP BY cause ORDER BY sum(d) + sum(f) DESC`,
    db.$queryRaw<{ day: Date; processed: number; failed: number; pending: number }[]>`
      SELECT date_trunc('day', "receivedAt") AS day,
             count(*) FILTER (WHERE status IN ('PROCESSED', 'IGNORED'))::int AS processed,
             count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
             count(*) FILTER (WHERE status IN ('PENDING', 'PROCESSING'))::int AS pending
      FROM "StripeEvent" WHERE "receivedAt" >= ${since} GROUP BY 1 ORDER BY 1`,
  ]);
  const weeks = new Map<string, Record<string, number>>();
  for (const w of weekly) {
    const key = w.week.toISOString().slice(0, 10);
    weeks.set(key, { ...(weeks.get(key) ?? { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 }), [w.severity]: w.n });
  }
  return {
    weekly: [...weeks].map(([week, counts]) => ({
      week,
      LOW: counts.LOW ?? 0,
      MEDIUM: counts.MEDIUM ?? 0,
      HIGH: counts.HIGH ?? 0,
      CRITICAL: counts.CRITICAL ?? 0,
    })),
    byRule: byRule.map((r) => ({ name: r.rule, value: r.n })),
    money: money.map((m) => ({ currency: m.currency, atRiskMinor: BigInt(m.atRisk), recoveredMinor: BigInt(m.recovered) })),
    causes: causes.map((c) => ({ cause: c.cause, disputes: c.disputes, findings: c.findings })),
    sync: sync.map((d) => ({ day: d.day.toISOString().slice(0, 10), processed: d.processed, failed: d.failed, pending: d.pending })),
  };
}
