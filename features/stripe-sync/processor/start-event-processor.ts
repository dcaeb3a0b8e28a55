import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { processEventBatch, type ProcessOptions } from "./process-events";
import { safeErrorText } from "../safe-error-text";
import { restBeforeNextBatch, type YieldRule } from "./yield-to-intake";

export interface ProcessorHandle {
  /** Resolves when the loop has stopped (after the batch in flight finished). */
  stopped: Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Drains the inbox until `signal` aborts. Polls when idle; a batch in flight always finishes
 * (its events are either committed or handed back) before the loop stops.
 */
export type EventProcessorOptions = ProcessOptions & {
  signal: AbortSignal;
  idleMs?: number;
  /**
   * In a process that also acknowledges webhooks: rest between batches while they arrive fast
   * (yield-to-intake.ts), so the acknowledgements get the CPU. Absent: never rest.
   */
  yieldToIntake?: { arrivalsPerSecond: () => number; rule: YieldRule };
};

// The rest is taken in short steps, each re-reading the arrival rate: when the burst ends the
// worker resumes within one step instead of sleeping out a rest computed at its peak.
const REST_STEP_MS = 100;

export function startEventProcessor(db: Db, opts: EventProcessorOptions): ProcessorHandle {
  const stopped = (async () => {
    let errorDelay = 500;
    while (!opts.signal.aborted) {
      try {
        const started = performance.now();
        const r = await processEventBatch(db, opts);
        errorDelay = 500;
        if (r.claimed === 0) {
          await sleep(opts.idleMs ?? 250, opts.signal);
          continue;
        }
        const yieldTo = opts.yieldToIntake;
        if (!yieldTo) continue;
        const ended = performance.now();
        for (;;) {
          const now = performance.now();
          const rest = restBeforeNextBatch(
            { arrivalsPerSecond: yieldTo.arrivalsPerSecond(), lastBatchMs: ended - started, sinceBatchEndMs: now - ended },
            yieldTo.rule,
          );
          if (rest <= 0 || opts.signal.aborted) break;
          await sleep(Math.min(rest, REST_STEP_MS), opts.signal);
        }
      } catch (error) {
        // The database may be down: back off, keep the process alive, try again.
        logger.error({ error: safeErrorText(error) }, "event processor loop error");
        await sleep(errorDelay, opts.signal);
        errorDelay = Math.min(errorDelay * 2, 30_000);
      }
    }
  })();
  return { stopped };
}
