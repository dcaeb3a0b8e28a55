import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { processEventBatch, safeErrorText, type ProcessOptions } from "./process-events";

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
export type EventProcessorOptions = ProcessOptions & { signal: AbortSignal; idleMs?: number };

export function startEventProcessor(db: Db, opts: EventProcessorOptions): ProcessorHandle {
  const stopped = (async () => {
    let errorDelay = 500;
    while (!opts.signal.aborted) {
      try {
        const r = await processEventBatch(db, opts);
        errorDelay = 500;
        if (r.claimed === 0) await sleep(opts.idleMs ?? 250, opts.signal);
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
