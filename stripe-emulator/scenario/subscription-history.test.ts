// The subscription histories of the cross-check (subscription-history.ts): deterministic for a
// seed, at least the invoices asked for, and every kind of change made.
import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { generateSubscriptionHistories } from "./subscription-history";

const START = Date.UTC(2026, 0, 1) / 1000;
const run = (seed: number) => {
  const em = new Emulator({ seed: 1, startTime: START - 86_400 });
  return generateSubscriptionHistories(em, { seed, start: START, invoices: 150, months: 4 });
};

describe("subscription histories", { timeout: 60_000 }, () => {
  it("same seed → the same histories; at least the invoices asked for; prorated changes, metered usage and cancellations", () => {
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4).changes).not.toEqual(a.changes);
    expect(a.invoices.length).toBeGreaterThanOrEqual(150);
    expect(new Set(a.invoices).size).toBe(a.invoices.length);
    expect(new Set(a.changes.map((c) => c.behavior))).toEqual(new Set(["create_prorations", "always_invoice", "cancel_prorate"]));
    expect(a.changes.some((c) => c.to && c.to.price !== c.from.price)).toBe(true);
    expect(a.usage.some((u) => u.events.length > 0)).toBe(true);
    for (const c of a.changes) expect(c.at >= c.period.start && c.at < c.period.end).toBe(true);
  });
});
