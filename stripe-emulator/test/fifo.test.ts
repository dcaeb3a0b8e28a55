import { describe, expect, it } from "vitest";
import { Fifo } from "../src/fifo";

describe("the delivery queue (Fifo)", () => {
  it("hands entries back in order across its compactions, interleaved with pushes", () => {
    const q = new Fifo<number>();
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < 5_000; i++) q.push(next++);
    // take three, add one: the front is dropped many times while entries keep arriving
    while (q.size > 0) {
      for (let k = 0; k < 3 && q.size > 0; k++) out.push(q.shift()!);
      if (next < 7_000) q.push(next++);
    }
    expect(out).toEqual(Array.from({ length: 7_000 }, (_, i) => i));
    expect(q.shift()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it("shifts a 250,000-entry burst in linear time", () => {
    const q = new Fifo<() => number>();
    for (let i = 0; i < 250_000; i++) q.push(() => i);
    const started = performance.now();
    let n = 0;
    while (q.shift()) n++;
    expect(n).toBe(250_000);
    // Array#shift took 78 s here; linear work is a few milliseconds, a loaded machine allowed for
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
