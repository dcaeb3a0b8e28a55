import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { pruneInbox } from "./prune-inbox";

type Holder = { timer?: ReturnType<typeof setInterval>; running?: boolean };
const holder = ((globalThis as { __settleInboxPrune?: Holder }).__settleInboxPrune ??= {});

/**
 * Applies the inbox retention policy (prune-inbox.ts) every `everyHours` inside the app; the first
 * run one interval after start. Any number of processes may schedule it: a run is idempotent (a
 * compacted payload is not compacted again, a deleted row is gone), so two at once only repeat
 * work. Idempotent start; returns a stop function.
 */
export interface InboxPruneScheduleOptions {
  everyHours: number;
}

export function startInboxPruneSchedule(db: Db, opts: InboxPruneScheduleOptions): () => void {
  const stop = () => {
    if (holder.timer) clearInterval(holder.timer);
    holder.timer = undefined;
  };
  if (holder.timer) return stop;
  const tick = async () => {
    if (holder.running) return;
    holder.running = true;
    try {
      await pruneInbox(db);
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, "scheduled inbox pruning failed");
    } finally {
      holder.running = false;
    }
  };
  holder.timer = setInterval(() => void tick(), opts.everyHours * 3_600_000);
  holder.timer.unref?.();
  return stop;
}
