// Exact rational arithmetic on bigint, for decimal unit amounts ("0.0125"), decimal
// quantities and tax percentages ("8.875"). No floats anywhere on the money path.
export type Rational = { readonly n: bigint; readonly d: bigint }; // d > 0

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string such as "12", "-0.5" or "0.0125" exactly. */
export function parseDecimal(value: string | number | bigint): Rational {
  if (typeof value === "bigint") return rational(value);
  const s = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = DECIMAL.exec(s);
  if (!m) throw new RangeError(`Not a decimal number: ${s}`);
  const frac = m[3] ?? "";
  const n = BigInt(m[2] + frac) * (m[1] === "-" ? -1n : 1n);
  return rational(n, 10n ** BigInt(frac.length));
}

function numberToPlainString(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  if (Number.isInteger(x)) return BigInt(x).toString();
  // Shortest round-trip representation, expanded out of exponent notation.
  const s = x.toString();
  if (!/e/i.test(s)) return s;
  return x.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

export const add = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => rational(a.n * b.d, a.d * b.n);
export const compare = (a: Rational, b: Rational) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const isZero = (a: Rational) => a.n === 0n;

/** Rounds half away from zero ("half up" as Stripe applies it to amounts) to an integer. */
export function roundHalfUp(a: Rational): bigint {
  const sign = a.n < 0n ? -1n : 1n;
  const n = abs(a.n);
  const q = n / a.d;
  const r = n % a.d;
  return sign * (2n * r >= a.d ? q + 1n : q);
}

/** Rounds half up to a multiple of `step` (e.g. 10 for KWD's last digit 0). */
export function roundHalfUpToStep(a: Rational, step: bigint): bigint {
  return roundHalfUp(div(a, rational(step))) * step;
}

/** Exact decimal string of a rational that has a finite decimal expansion, else `digits` places. */
export function toDecimalString(a: Rational, maxDigits = 12): string {
  const sign = a.n < 0n ? "-" : "";
  let n = abs(a.n);
  const int = n / a.d;
  n %= a.d;
  let frac = "";
  for (let i = 0; i < maxDigits && n !== 0n; i++) {
    n *= 10n;
    frac += (n / a.d).toString();
    n %= a.d;
  }
  return sign + int.toString() + (frac ? "." + frac : "");
}
