import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { checkSlaDeadlines } from "./check-sla-deadlines";

type Holder = { timer?: NodeJS.Timeout; running?: boolean };
const holder = ((globalThis as { __settleSlaCheck?: Holder }).__settleSlaCheck ??= {});

/**
 * At start-up and then every minute: SLA due-soon and breached emails (checkSlaDeadlines). Any
 * number of processes may run it: each email has its dedupe key, so they never double up.
 * Once per process; returns a stop function.
 */
export type SlaCheckOptions = { everyMs?: number };

export function startSlaCheck(db: Db, options: SlaCheckOptions = {}): () => void {
  const run = async () => {
    if (holder.running) return;
    holder.running = true;
    try {
      await checkSlaDeadlines(db);
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, "SLA check failed");
    } finally {
      holder.running = false;
    }
  };
  if (!holder.timer) {
    void run();
    holder.timer = setInterval(() => void run(), options.everyMs ?? 60_000);
    holder.timer.unref();
  }
  return () => {
    clearInterval(holder.timer);
    holder.timer = undefined;
  };
}
