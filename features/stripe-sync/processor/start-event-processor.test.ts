import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";

// The loop around processEventBatch, on fake time: each batch takes 100 ms and always finds
// work, and the test reads when the batches started. No database, nothing timing-dependent.
const starts = vi.hoisted(() => [] as number[]);
vi.mock("./process-events", () => ({
  processEventBatch: async () => {
    starts.push(performance.now());
    await new Promise((r) => setTimeout(r, 100));
    return { claimed: 20, processed: 20, ignored: 0, retried: 0, throttled: 0, failed: 0 };
  },
}));

const { startEventProcessor } = await import("./start-event-processor");
const db = {} as Db;
const rule = { abovePerSecond: 50, workShare: 0.25, maxRestMs: 2000 };

beforeEach(() => {
  starts.length = 0;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => vi.useRealTimers());

async function run(arrivalsPerSecond: () => number, ms: number, withRule = true) {
  const controller = new AbortController();
  const t0 = performance.now();
  const handle = startEventProcessor(db, { signal: controller.signal, yieldToIntake: withRule ? { arrivalsPerSecond, rule } : undefined });
  await vi.advanceTimersByTimeAsync(ms);
  controller.abort();
  await vi.advanceTimersByTimeAsync(200);
  await handle.stopped;
  return starts.map((s) => Math.round(s - t0));
}

describe("startEventProcessor yielding to the intake", () => {
  it("runs batches back to back while webhooks arrive slowly", async () => {
    const at = await run(() => 10, 1000);
    expect(at.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
  });

  it("rests three batch-lengths between batches while webhooks arrive fast, and keeps going (no starvation)", async () => {
    const at = await run(() => 500, 2000);
    // batch 100 ms, rest 300 ms: one batch every 400 ms, a quarter of the time.
    expect(at.slice(0, 5)).toEqual([0, 400, 800, 1200, 1600]);
  });

  it("resumes within one rest step once the burst is over", async () => {
    let rate = 500;
    setTimeout(() => (rate = 0), 150); // the burst ends 50 ms into the first rest
    const at = await run(() => rate, 1000);
    expect(at[1]).toBeLessThanOrEqual(200 + 1);
    expect(at[2]! - at[1]!).toBe(100);
  });

  it("never rests without the rule (npm run worker: no intake in the process)", async () => {
    const at = await run(() => 10_000, 500, false);
    expect(at.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
  });
});
