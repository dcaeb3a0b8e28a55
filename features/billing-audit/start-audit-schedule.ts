import "server-only";
import { isEmbeddedDb, type Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { refreshMeterUsage } from "./meter-usage/refresh-meter-usage";
import { runFullSweep, type SweepResult } from "./run-full-sweep";

/**
 * The meters' totals for metered lines not fetched yet (bulk priority of the Stripe budget), then
 * the sweep. A failed fetch only leaves metered_usage_mismatch without those totals this time.
 */
async function sweep(db: Db): Promise<SweepResult> {
  try {
    const r = await refreshMeterUsage(db, { stripe: getStripe(), livemode: stripeLivemode() });
    if (r.windows) logger.info({ fetched: r.fetched, failed: r.failed }, "meter usage summaries refreshed");
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "meter usage summaries not refreshed");
  }
  return runFullSweep(db);
}

// Any number of app instances may run the schedule; a session-level Postgres advisory lock
// held on one pooled connection makes only one of them sweep at a time.
const LOCK_KEY = 0x5e771e_a0d17n; // "settle audit"

/** Runs one sweep if no other instance is sweeping; null when the lock was taken. */
export async function runSweepIfLeader(db: Db): Promise<SweepResult | null> {
  // The embedded database serves one process over one connection: no one to race with.
  if (isEmbeddedDb()) return sweep(db);
  // A transaction pins one connection: the transaction-level lock is released at its end.
  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`;
      if (!locked) return null;
      return sweep(db);
    },
    { timeout: 30 * 60_000, maxWait: 10_000 },
  );
}

type Holder = { timer?: ReturnType<typeof setInterval>; running?: boolean };
const holder = ((globalThis as { __settleAuditSchedule?: Holder }).__settleAuditSchedule ??= {});

/** Sweeps every `everyMinutes` (default 60) inside the app; idempotent. Returns a stop function. */
export type AuditScheduleOptions = { everyMinutes?: number };

export function startAuditSchedule(db: Db, opts: AuditScheduleOptions = {}): () => void {
  const stop = () => {
    if (holder.timer) clearInterval(holder.timer);
    holder.timer = undefined;
  };
  if (holder.timer) return stop;
  const tick = async () => {
    if (holder.running) return;
    holder.running = true;
    try {
      const r = await runSweepIfLeader(db);
      if (!r) logger.info("billing audit sweep skipped: another instance holds the lock");
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, "scheduled billing audit failed");
    } finally {
      holder.running = false;
    }
  };
  holder.timer = setInterval(() => void tick(), (opts.everyMinutes ?? 60) * 60_000);
  holder.timer.unref?.();
  return stop;
}
