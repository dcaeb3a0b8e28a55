import { describe, expect, it } from "vitest";
import { ArrivalRate, DEFAULT_YIELD_RULE, restBeforeNextBatch, type YieldRule } from "./yield-to-intake";

const rule: YieldRule = { abovePerSecond: 50, workShare: 0.25, maxRestMs: 2000 };

describe("restBeforeNextBatch", () => {
  it("never rests while webhooks arrive slower than the threshold", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 0, lastBatchMs: 300, sinceBatchEndMs: 0 }, rule)).toBe(0);
    expect(restBeforeNextBatch({ arrivalsPerSecond: 49, lastBatchMs: 300, sinceBatchEndMs: 0 }, rule)).toBe(0);
  });

  it("under pressure rests three times the batch for a quarter share: the worker keeps 25% of the time", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 50, lastBatchMs: 100, sinceBatchEndMs: 0 }, rule)).toBe(300);
    expect(restBeforeNextBatch({ arrivalsPerSecond: 800, lastBatchMs: 200, sinceBatchEndMs: 0 }, rule)).toBe(600);
    const batch = 120;
    const rest = restBeforeNextBatch({ arrivalsPerSecond: 800, lastBatchMs: batch, sinceBatchEndMs: 0 }, rule);
    expect(batch / (batch + rest)).toBeCloseTo(rule.workShare, 10);
  });

  it("counts the rest already taken, and ends it once it is over", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 800, lastBatchMs: 100, sinceBatchEndMs: 250 }, rule)).toBe(50);
    expect(restBeforeNextBatch({ arrivalsPerSecond: 800, lastBatchMs: 100, sinceBatchEndMs: 300 }, rule)).toBe(0);
    expect(restBeforeNextBatch({ arrivalsPerSecond: 800, lastBatchMs: 100, sinceBatchEndMs: 5000 }, rule)).toBe(0);
  });

  it("caps the rest: after a very long batch the worker still comes back within maxRestMs (it never starves)", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 5000, lastBatchMs: 60_000, sinceBatchEndMs: 0 }, rule)).toBe(2000);
  });

  it("stops resting as soon as the burst is over, whatever rest was left", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 10, lastBatchMs: 500, sinceBatchEndMs: 100 }, rule)).toBe(0);
  });

  it("threshold 0 turns the rule off; a share of 1 never rests", () => {
    expect(restBeforeNextBatch({ arrivalsPerSecond: 10_000, lastBatchMs: 500, sinceBatchEndMs: 0 }, { ...rule, abovePerSecond: 0 })).toBe(0);
    expect(restBeforeNextBatch({ arrivalsPerSecond: 10_000, lastBatchMs: 500, sinceBatchEndMs: 0 }, { ...rule, workShare: 1 })).toBe(0);
  });

  it("defaults to resting from 50 requests/s with a quarter share", () => {
    expect(DEFAULT_YIELD_RULE).toEqual({ abovePerSecond: 50, workShare: 0.25, maxRestMs: 2000 });
    expect(restBeforeNextBatch({ arrivalsPerSecond: 60, lastBatchMs: 100, sinceBatchEndMs: 0 })).toBe(300);
  });
});

describe("ArrivalRate", () => {
  it("is 0 before anything arrives", () => {
    expect(new ArrivalRate().perSecond(12_345)).toBe(0);
  });

  it("counts the requests of the last second", () => {
    const rate = new ArrivalRate();
    // 200 requests spread evenly over one second, 5 ms apart.
    for (let t = 10_000; t < 11_000; t += 5) rate.record(t);
    expect(rate.perSecond(10_999)).toBe(200);
  });

  it("forgets requests older than a second, bucket by bucket", () => {
    const rate = new ArrivalRate();
    for (let i = 0; i < 100; i++) rate.record(10_000); // bucket [10000, 10250)
    for (let i = 0; i < 40; i++) rate.record(10_600); // bucket [10500, 10750)
    expect(rate.perSecond(10_700)).toBe(140);
    expect(rate.perSecond(11_100)).toBe(40); // the first bucket has left the window
    expect(rate.perSecond(11_600)).toBe(0);
  });

  it("reuses a bucket for a later quarter-second without carrying its old count", () => {
    const rate = new ArrivalRate();
    for (let i = 0; i < 100; i++) rate.record(10_000);
    rate.record(11_000); // the same ring slot, one second later
    expect(rate.perSecond(11_000)).toBe(1);
  });

  it("ignores counts recorded in its future (a clock read out of order)", () => {
    const rate = new ArrivalRate();
    rate.record(20_000);
    expect(rate.perSecond(19_000)).toBe(0);
  });
});
