/**
 * Splits `total` over `weights` in proportion, by the largest-remainder method: every part
 * is floor(total × w / Σw), and the units left over go one each to the largest remainders
 * (ties to the lower index). The parts always add up to `total` exactly.
 */
export function allocateLargestRemainder(total: bigint, weights: readonly bigint[], step = 1n): bigint[] {
  if (weights.some((w) => w < 0n)) throw new RangeError("weights must not be negative");
  if (total < 0n) return allocateLargestRemainder(-total, weights, step).map((x) => -x);
  if (total % step !== 0n) throw new RangeError("total must be a multiple of the step");
  const n = weights.length;
  let sum = 0n;
  for (let i = 0; i < n; i++) sum += weights[i];
  if (n === 0) {
    if (total !== 0n) throw new RangeError("cannot allocate over no weights");
    return [];
  }
  const units = total / step;
  if (sum === 0n) {
    // Nothing to weigh by: an even split keeps the sum exact.
    return allocateLargestRemainder(
      total,
      weights.map(() => 1n),
      step,
    );
  }
  const parts: bigint[] = new Array(n);
  const remainders: bigint[] = new Array(n);
  let left = units;
  for (let i = 0; i < n; i++) {
    const x = units * weights[i];
    parts[i] = x / sum;
    remainders[i] = x % sum;
    left -= parts[i];
  }
  if (left > 0n) for (const i of largest(remainders, Number(left), sum)) parts[i] += 1n;
  if (step !== 1n) for (let i = 0; i < n; i++) parts[i] *= step;
  return parts;
}

/** Indices of the k largest values (ties → lower index), k < values.length; every value is in [0, bound). */
function largest(values: readonly bigint[], k: number, bound: bigint): number[] {
  const n = values.length;
  if (bound <= BigInt(Number.MAX_SAFE_INTEGER)) {
    // Exact as doubles: find the k-th largest with a native numeric sort, then take everything
    // above it and the lowest indices among those equal to it. (Invoices split coupons over
    // hundreds of lines; comparing bigints in a sort callback dominated that.)
    const nums = new Float64Array(n);
    for (let i = 0; i < n; i++) nums[i] = Number(values[i]);
    const threshold = nums.slice().sort()[n - k];
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (nums[i] > threshold) out.push(i);
    for (let i = 0; i < n && out.length < k; i++) if (nums[i] === threshold) out.push(i);
    return out;
  }
  const order = values.map((_, i) => i);
  order.sort((a, b) => (values[a] === values[b] ? a - b : values[a] > values[b] ? -1 : 1));
  return order.slice(0, k);
}
