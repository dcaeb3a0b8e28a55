/**
 * Splits `total` over `weights` in proportion, by the largest-remainder method: every part
 * is floor(total × w / Σw), and the units left over go one each to the largest remainders
 * (ties to the lower index). The parts always add up to `total` exactly.
 */
export function allocateLargestRemainder(total: bigint, weights: readonly bigint[], step = 1n): bigint[] {
  if (weights.some((w) => w < 0n)) throw new RangeError("weights must not be negative");
  if (total < 0n) return allocateLargestRemainder(-total, weights, step).map((x) => -x);
  if (total % step !== 0n) throw new RangeError("total must be a multiple of the step");
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (weights.length === 0) {
    if (total !== 0n) throw new RangeError("cannot allocate over no weights");
    return [];
  }
  const units = total / step;
  if (sum === 0n) {
    // Nothing to weigh by: an even split keeps the sum exact.
    return allocateLargestRemainder(total, weights.map(() => 1n), step);
  }
  const parts = weights.map((w) => (units * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (units * w) % sum }));
  let left = units - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[remainders[k].i] += 1n;
  return parts.map((p) => p * step);
}
