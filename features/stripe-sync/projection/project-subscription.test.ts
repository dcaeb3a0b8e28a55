import { describe, expect, it } from "vitest";
import { staleSubscription } from "./project-subscription";

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));

describe("staleSubscription", () => {
  it("nothing stored: applies", () => {
    expect(staleSubscription(null, "active", t(1))).toBe(false);
  });

  it("an older event never overwrites a newer one", () => {
    expect(staleSubscription({ status: "active", lastEventAt: t(10) }, "past_due", t(5))).toBe(true);
    expect(staleSubscription({ status: "past_due", lastEventAt: t(10) }, "active", t(11))).toBe(false);
  });

  it("live statuses move both ways with time (a new trial, past_due ↔ active, paused ↔ active)", () => {
    expect(staleSubscription({ status: "active", lastEventAt: t(10) }, "trialing", t(11))).toBe(false);
    expect(staleSubscription({ status: "paused", lastEventAt: t(10) }, "active", t(11))).toBe(false);
  });

  it("canceled and incomplete_expired are final, even for a newer snapshot or a listing", () => {
    expect(staleSubscription({ status: "canceled", lastEventAt: t(10) }, "active", t(20))).toBe(true);
    expect(staleSubscription({ status: "canceled", lastEventAt: t(10) }, "active", null)).toBe(true);
    expect(staleSubscription({ status: "incomplete_expired", lastEventAt: t(10) }, "active", t(20))).toBe(true);
    expect(staleSubscription({ status: "canceled", lastEventAt: t(10) }, "canceled", t(20))).toBe(false);
  });

  it("in one second, the snapshot further along wins", () => {
    expect(staleSubscription({ status: "active", lastEventAt: t(10) }, "incomplete", t(10))).toBe(true);
    expect(staleSubscription({ status: "incomplete", lastEventAt: t(10) }, "active", t(10))).toBe(false);
  });
});
