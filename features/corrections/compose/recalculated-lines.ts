import type { RecalculatedLine } from "./build-credit-note-lines";

type Cmp = { difference?: unknown };
const big = (v: unknown): bigint => {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
};

/** The per-line differences out of a saved Recalculation.result (amounts are decimal strings there). */
export function recalculatedLines(result: unknown): RecalculatedLine[] {
  const lines = (result as { lines?: unknown })?.lines;
  if (!Array.isArray(lines)) return [];
  return lines
    .filter((l): l is { lineId: string; amount?: Cmp; total?: Cmp } => !!l && typeof l === "object" && typeof (l as { lineId?: unknown }).lineId === "string")
    .map((l) => ({ lineId: l.lineId, amountDifference: big(l.amount?.difference), totalDifference: big(l.total?.difference) }));
}
