// Seeded RNG for fault injection, so a failing run can be replayed with the same seed.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

export class Rng {
  private g;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
  }
  /** uniform in [0, 1) */
  next(): number {
    return uniformFloat64(this.g);
  }
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}
