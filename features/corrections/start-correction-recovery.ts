import "server-only";
import { logger } from "@/lib/logger";
import { recoverSubmittingCorrections } from "./recover-submitting-corrections";

type Holder = { timer?: NodeJS.Timeout };
const holder = ((globalThis as { __settleCorrectionRecovery?: Holder }).__settleCorrectionRecovery ??= {});

/**
 * At start-up, and then every minute: corrections a crashed process left in SUBMITTING
 * are settled (recoverSubmittingCorrections). Once per process; returns a stop function.
 */
export function startCorrectionRecovery(options: { everyMs?: number } = {}): () => void {
  const run = () => recoverSubmittingCorrections().catch((err) => logger.error({ err }, "correction recovery run failed"));
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
