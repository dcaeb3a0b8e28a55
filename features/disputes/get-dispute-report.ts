import "server-only";
import type { Db } from "@/lib/db";
import { assertStaff, type Actor } from "@/features/auth/actor";

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Desk dashboard figures over the last `weeks` weeks (wall-clock hours for the medians). */
export async function getDisputeReport(db: Db, options: { actor: Actor; weeks?: number; now?: Date }) {
  assertStaff(options.actor);
  const now = options.now ?? new Date();
  const weeks = Math.min(Math.max(options.weeks ?? 12, 1), 52);
  const since = new Date(now.getTime() - weeks * 7 * 24 * 3600 * 1000);
  const [opened, resolved] = await Promise.all([
    db.$queryRaw<
      { week: Date; n: bigint }[]
    >`SELECT date_trunc('week', "createdAt") AS week, count(*) AS n FROM "Dispute" WHERE "createdAt" >= ${since} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<
      { week: Date; n: bigint }[]
    >`SELECT date_trunc('week', "resolvedAt") AS week, count(*) AS n FROM "Dispute" WHERE "resolvedAt" >= ${since} GROUP BY 1 ORDER BY 1`,
  ]);
  const weekly = new Map<string, { week: string; opened: number; resolved: number }>();
  for (let i = weeks - 1; i >= 0; i--) {
    const t = new Date(now.getTime() - i * 7 * 24 * 3600 * 1000);
    const day = (t.getUTCDay() + 6) % 7;
    const monday = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() - day)).toISOString().slice(0, 10);
    weekly.set(monday, { week: monday, opened: 0, resolved: 0 });
  }
  const key = (d: Date) => new Date(d).toISOString().slice(0, 10);
  for (const r of opened) {
    const w = weekly.get(key(r.week));
    if (w) w.opened = Number(r.n);
  }
  for (const r of resolved) {
    const w = weekly.get(key(r.week));
    if (w) w.resolved = Number(r.n);
  }

  const rows = await db.dispute.findMany({
    where: { createdAt: { gte: since } },
    select: {
      reason: true,
      rootCause: true,
      createdAt: true,
      firstRespondedAt: true,
      resolvedAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      status: true,
      slaPausedAt: true,
    },
  });
  const byReason: Record<string, number> = {};
  const byRootCause: Record<string, number> = {};
  const ttfr: number[] = [];
  const ttr: number[] = [];
  let breaches = 0;
  for (const r of rows) {
    byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
    if (r.rootCause) byRootCause[r.rootCause] = (byRootCause[r.rootCause] ?? 0) + 1;
    if (r.firstRespondedAt) ttfr.push((r.firstRespondedAt.getTime() - r.createdAt.getTime()) / 3_600_000);
    if (r.resolvedAt) ttr.push((r.resolvedAt.getTime() - r.createdAt.getTime()) / 3_600_000);
    const frAt = r.firstRespondedAt ?? (r.slaPausedAt || r.resolvedAt ? null : now);
    const resAt = r.resolvedAt ?? (r.slaPausedAt ? null : now);
    const frBreached = !!(r.firstResponseDueAt && frAt && frAt.getTime() > r.firstResponseDueAt.getTime());
    const resBreached = !!(r.resolutionDueAt && resAt && resAt.getTime() > r.resolutionDueAt.getTime());
    if (frBreached || resBreached) breaches++;
  }
  const credited = await db.correction.groupBy({
    by: ["currency"],
    where: { status: "ISSUED", disputeId: { not: null }, issuedAt: { gte: since } },
    _sum: { amountMinor: true },
  });
  return {
    weekly: [...weekly.values()],
    byReason: Object.entries(byReason).map(([name, value]) => ({ name, value })),
    byRootCause: Object.entries(byRootCause).map(([name, value]) => ({ name, value })),
    medianHoursToFirstResponse: median(ttfr),
    medianHoursToResolution: median(ttr),
    slaBreaches: breaches,
    total: rows.length,
    creditedByCurrency: credited.map((c) => ({ currency: c.currency, amountMinor: c._sum.amountMinor ?? 0n })),
  };
}
