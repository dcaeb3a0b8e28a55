import type { StripeJson } from "./types";

export const toDate = (seconds: number | null | undefined): Date | null => (seconds === null || seconds === undefined ? null : new Date(seconds * 1000));

// Stripe amounts are integers in minor units; BigInt keeps them exact.
export const big = (n: number | string | null | undefined): bigint => BigInt(n ?? 0);
export const bigOrNull = (n: number | string | null | undefined): bigint | null => (n === null || n === undefined ? null : BigInt(n));

export const idOf = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "object" && typeof (v as { id?: unknown }).id === "string") return (v as { id: string }).id;
  return null;
};

/** Decimal strings stay strings all the way into NUMERIC columns: no float ever sees them. */
export const decimalString = (v: unknown): string | null => {
  if (v === null || v === undefined || v === "") return null;
  const s = String(v);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`not a decimal string: ${s.slice(0, 40)}`);
  return s;
};

/**
 * SDK responses carry Decimal instances and may carry class instances; the stored/applied
 * form is plain JSON so live sync and replay read exactly the same thing.
 */
export const toPlainJson = (value: unknown): StripeJson => JSON.parse(JSON.stringify(value)) as StripeJson;
