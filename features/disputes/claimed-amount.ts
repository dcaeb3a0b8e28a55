// What the customer says they were overcharged on one line, in minor units. Pure.
// An expected amount wins; otherwise an expected quantity scales the line amount
// (amount × (billed − expected) / billed, rounded half away from zero).

const SCALE = 12;
function toScaled(decimal: string): bigint {
  const [int, frac = ""] = decimal.trim().split(".");
  return BigInt(int || "0") * 10n ** BigInt(SCALE) + BigInt((frac + "0".repeat(SCALE)).slice(0, SCALE) || "0");
}

export function claimedForLine(
  line: { amount: bigint; quantity: string },
  expected: { expectedQuantity: string | null; expectedAmount: bigint | null },
): bigint {
  if (expected.expectedAmount !== null) {
    const diff = line.amount - expected.expectedAmount;
    return diff > 0n ? diff : 0n;
  }
  if (expected.expectedQuantity !== null) {
    const billed = toScaled(line.quantity);
    const wanted = toScaled(expected.expectedQuantity);
    if (billed <= 0n || wanted >= billed) return 0n;
    const num = line.amount * (billed - wanted);
    const q = num / billed;
    const r = num % billed;
    return 2n * (r < 0n ? -r : r) >= billed ? q + (num < 0n ? -1n : 1n) : q;
  }
  return 0n;
}
