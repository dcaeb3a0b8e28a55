import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mismatchedUnit } from "./catalog";
import { monthStart } from "./context";
import { avoidTie, lineAmount } from "./lines";
import { Rng } from "./rng";
import { Scheduler } from "./scheduler";

describe("scenario building blocks", () => {
  it("Rng is a pure function of the seed, and forks are independent of draw order", () => {
    const a = new Rng(42),
      b = new Rng(42);
    const xs = Array.from({ length: 50 }, () => a.int(0, 1000));
    expect(Array.from({ length: 50 }, () => b.int(0, 1000))).toEqual(xs);
    expect(Rng.fork(1, "slot:3").int(0, 1e9)).toBe(Rng.fork(1, "slot:3").int(0, 1e9));
    expect(Rng.fork(1, "slot:3").int(0, 1e9)).not.toBe(Rng.fork(1, "slot:4").int(0, 1e9));
  });

  it("sample draws k distinct values in range", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 600 }), (seed, n, k) => {
        const s = new Rng(seed).sample(n, k);
        expect(s.length).toBe(Math.min(n, k));
        expect(new Set(s).size).toBe(s.length);
        for (const x of s) expect(x >= 0 && x < n).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("scheduler runs tasks in time order, ties in insertion order, follow-ups included", () => {
    const s = new Scheduler();
    const seen: string[] = [];
    let clock = 0;
    s.at(10, () => seen.push("a10"));
    s.at(5, () => {
      seen.push("b5");
      s.at(7, () => seen.push("c7"));
    });
    s.at(10, () => seen.push("d10"));
    s.drain(
      () => clock,
      (t) => (clock = t),
    );
    expect(seen).toEqual(["b5", "c7", "a10", "d10"]);
    expect(clock).toBe(10);
  });

  it("avoidTie never leaves an exact half-unit usage amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("0.0125", "0.01", "0.0085", "0.00875", "0.015", "0.5", "0.25"), (q, unit) => {
        const qq = avoidTie(q, unit, 1);
        const [, f = ""] = unit.split(".");
        const scale = 10n ** BigInt(f.length);
        expect((BigInt(qq) * BigInt(unit.replace(".", ""))) % scale).not.toBe(scale / 2n);
        expect(qq - q).toBeLessThan(3);
      }),
    );
    expect(lineAmount(123457, "0.0125")).toBe(1543); // 1543.2125
    expect(lineAmount(12, "1500")).toBe(18000);
  });

  it("mismatched tariffs are 20 % above the contract and stay whole fils in KWD", () => {
    expect(mismatchedUnit("1500", "usd")).toBe("1800");
    expect(mismatchedUnit("0.0125", "usd")).toBe("0.015");
    expect(mismatchedUnit("5000", "kwd")).toBe("6000");
    expect((Number(mismatchedUnit("0.5", "kwd")) * 4000) % 10).toBe(0);
  });

  it("month starts are calendar months in UTC", () => {
    const jan = Date.UTC(2026, 0, 1) / 1000;
    expect(monthStart(jan, 1)).toBe(Date.UTC(2026, 1, 1) / 1000);
    expect(monthStart(jan, 12)).toBe(Date.UTC(2027, 0, 1) / 1000);
    expect(monthStart(jan + 86400 * 10, 0)).toBe(jan);
  });
});
