import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { recoverSubmittingCorrections } from "./recover-submitting-corrections";

type Holder = { timer?: NodeJS.Timeout };
const holder = ((globalThis as { __settleCorrectionRecovery?: Holder }).__settleCorrectionRecovery ??= {});

/**
 * At start-up, and then every minute: corrections a crashed process left in SUBMITTING
 * are settled (recoverSubmittingCorrections). Once per process; returns a stop function.
 */
export type CorrectionRecoveryOptions = { everyMs?: number };

export function startCorrectionRecovery(db: Db, options: CorrectionRecoveryOptions = {}): () => void {
  const run = () => recoverSubmittingCorrections(db).catch((err) => logger.error({ err }, "correction recovery run failed"));
  if (!holder.timer) {
    void run();
    holder.timer = setInterval(run, options.everyMs ?? 60_000);
    holder.timer.unref();
  }
  return () => {
    clearInterval(holder.timer);
    holder.timer = undefined;
  };
}
