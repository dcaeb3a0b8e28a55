// The in-process worker's rule for sharing the web process with the webhook intake. Pure: no
// clock is read here, every time is passed in (the caller's performance.now()).
//
// Why: with SETTLE_IN_PROCESS_WORKER=1 the event processor and the webhook route share one
// Node event loop and its CPU. Stripe asks for a quick 2xx and processing afterwards; an event
// stored in the inbox is safe, projecting it a few seconds later costs nothing. So while
// webhooks arrive faster than a threshold, the worker rests between batches and the
// acknowledgements get the CPU; the inbox absorbs the burst and the worker catches up once it
// slows down. The rest is proportional to the batch just run, so the worker keeps a fixed share
// of the time (it never starves), and it is capped, so it always comes back soon.

export interface YieldRule {
  /** Webhook requests per second (this process) from which the worker rests between batches; 0 = never. */
  abovePerSecond: number;
  /** Share of wall time the worker keeps under pressure (batch time / (batch time + rest)), 0 < share ≤ 1. */
  workShare: number;
  /** The longest rest after one batch, however long that batch took. */
  maxRestMs: number;
}

export const DEFAULT_YIELD_RULE: YieldRule = { abovePerSecond: 50, workShare: 0.25, maxRestMs: 2000 };

/** How long the worker still rests before its next batch (0: run it now). */
export function restBeforeNextBatch(
  state: { arrivalsPerSecond: number; lastBatchMs: number; sinceBatchEndMs: number },
  rule: YieldRule = DEFAULT_YIELD_RULE,
): number {
  if (rule.abovePerSecond <= 0 || state.arrivalsPerSecond < rule.abovePerSecond) return 0;
  const share = Math.min(1, Math.max(rule.workShare, 0.01));
  const rest = Math.min(rule.maxRestMs, (Math.max(0, state.lastBatchMs) * (1 - share)) / share);
  return Math.max(0, rest - Math.max(0, state.sinceBatchEndMs));
}

const BUCKET_MS = 250;
const BUCKETS = 4;

/**
 * Requests per second over the last second, counted in four 250 ms buckets (a sliding window
 * that needs no timer and constant memory, whatever the rate).
 */
export class ArrivalRate {
  private readonly index = new Array<number>(BUCKETS).fill(-Infinity);
  private readonly count = new Array<number>(BUCKETS).fill(0);

  record(nowMs: number): void {
    const i = Math.floor(nowMs / BUCKET_MS);
    const slot = ((i % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.index[slot] !== i) {
      this.index[slot] = i;
      this.count[slot] = 0;
    }
    this.count[slot]!++;
  }

  perSecond(nowMs: number): number {
    const current = Math.floor(nowMs / BUCKET_MS);
    let n = 0;
    for (let slot = 0; slot < BUCKETS; slot++) {
      const i = this.index[slot]!;
      if (i <= current && i > current - BUCKETS) n += this.count[slot]!;
    }
    return (n * 1000) / (BUCKETS * BUCKET_MS);
  }
}
