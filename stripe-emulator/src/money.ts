// Exact money arithmetic for the emulator. Everything is bigint; fractional values
// (unit_amount_decimal, quantity_decimal, tax percentages) are rationals so rounding
// happens exactly once, at the documented points (see README "Money rules").

export const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
export const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

export function exponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** A rational n/d with d > 0. */
export interface Rat {
  n: bigint;
  d: bigint;
}

export const rat = (n: bigint, d = 1n): Rat => (d < 0n ? { n: -n, d: -d } : { n, d });

/** Parses "12.3456", "-0.5", "8", 8, 8.875 (numbers are stringified first, so 8.875 stays exact). */
export function parseDecimal(v: unknown): Rat | null {
  const s = typeof v === "number" ? String(v) : typeof v === "bigint" ? v.toString() : typeof v === "string" ? v.trim() : null;
  if (s === null) return null;
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = m[3] ?? "";
  const n = BigInt((m[2] || "0") + frac) * (m[1] === "-" ? -1n : 1n);
  return rat(n, 10n ** BigInt(frac.length));
}

export const mul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rat, b: Rat): Rat => rat(a.n * b.d, a.d * b.n);
export const add = (a: Rat, b: Rat): Rat => rat(a.n * b.d + b.n * a.d, a.d * b.d);

/** Round half up (ties away from zero) to an integer. */
export function roundHalfUp(r: Rat): bigint {
  if (r.n < 0n) return -roundHalfUp(rat(-r.n, r.d));
  return (2n * r.n + r.d) / (2n * r.d);
}

/**
 * Round a computed amount to the currency's smallest chargeable unit: an integer minor
 * unit, and for three-decimal currencies a multiple of 10 (Stripe requires the last
 * digit to be 0 for BHD/JOD/KWD/OMR/TND).
 */
export function roundAmount(r: Rat, currency: string): bigint {
  if (exponent(currency) === 3) return roundHalfUp(div(r, rat(10n))) * 10n;
  return roundHalfUp(r);
}

/** Canonical decimal string of a rational whose denominator is a power of 10 (else up to 12 places). */
export function ratToDecimalString(r: Rat): string {
  let d = r.d;
  let places = 0;
  while (d % 10n === 0n) {
    d /= 10n;
    places++;
  }
  if (d !== 1n) {
    // not a terminating decimal: render 12 places, truncated is fine for display only
    const scaled = (r.n * 10n ** 12n) / r.d;
    return trimDecimal(formatScaled(scaled, 12));
  }
  return trimDecimal(formatScaled(r.n, places));
}

function formatScaled(scaled: bigint, places: number): string {
  const neg = scaled < 0n;
  const abs = (neg ? -scaled : scaled).toString().padStart(places + 1, "0");
  const int = abs.slice(0, abs.length - places);
  const frac = places ? "." + abs.slice(abs.length - places) : "";
  return (neg ? "-" : "") + int + frac;
}

function trimDecimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/**
 * Largest-remainder allocation of `total` over `weights` (all ≥ 0): each share is
 * floor(total × w / Σw); the leftover units go one each to the largest remainders,
 * ties to the lower index. `unit` is 10 for three-decimal currencies so shares stay
 * multiples of 10.
 */
export function allocate(total: bigint, weights: bigint[], unit = 1n): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n || total === 0n) return weights.map(() => 0n);
  const units = total / unit;
  const shares = weights.map((w) => (units * w) / sum);
  const rems = weights.map((w, i) => ({ i, r: (units * w) % sum }));
  let left = units - shares.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left <= 0n) break;
    shares[i] += 1n;
    left--;
  }
  return shares.map((s) => s * unit);
}
