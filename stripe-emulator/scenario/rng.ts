import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

type Gen = ReturnType<typeof xoroshiro128plus>;

/**
 * Seeded random source. Every decision of the generator draws from one of these, never from
 * Math.random, so the same seed replays the same scenario call for call.
 * Separate streams (`fork`) keep one part of the scenario stable when another part changes
 * how many numbers it draws (e.g. adding a line type must not reshuffle the injected errors).
 */
export class Rng {
  private readonly gen: Gen;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }
  /** True with probability p (resolution 1e-6 is plenty for rates of ~1 %). */
  chance(p: number): boolean {
    return this.int(0, 999_999) < Math.round(p * 1_000_000);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }
  /** Independent stream derived from this seed and a label. */
  static fork(seed: number, label: string): Rng {
    let h = (seed ^ 0x9e3779b9) | 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h);
  }
  /** k distinct integers from [0, n), in ascending order (partial Fisher-Yates on a sparse map). */
  sample(n: number, k: number): number[] {
    const take = Math.min(k, n);
    const swapped = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < take; i++) {
      const j = this.int(i, n - 1);
      const vj = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out.push(vj);
    }
    return out.sort((a, b) => a - b);
  }
}
