// Deterministic ids: prefix + base62(seed-derived offset + per-prefix counter), padded so
// ids of one prefix sort and look like Stripe's (24 chars of body).

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(n: bigint, width: number): string {
  let s = "";
  do {
    s = ALPHABET[Number(n % 62n)] + s;
    n /= 62n;
  } while (n > 0n);
  return s.padStart(width, "0");
}

/** base62 of a safe non-negative integer, without BigInt (ids are made millions of times). */
function base62Small(n: number, width: number): string {
  let s = "";
  do {
    s = ALPHABET[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(width, "0");
}

export class IdGenerator {
  counters: Record<string, number> = {};
  private head: { seed: number; text: string } | null = null;
  constructor(public seed = 0) {}

  next(prefix: string): string {
    const c = (this.counters[prefix] = (this.counters[prefix] ?? 0) + 1);
    // The seed goes into a fixed-width head so two seeds never collide but each run is stable.
    if (this.head?.seed !== this.seed) this.head = { seed: this.seed, text: base62(BigInt(this.seed >>> 0), 6) };
    return `${prefix}_${this.head.text}Emu${base62Small(c, 10)}`;
  }
}
