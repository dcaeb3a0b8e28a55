import { z } from "zod";
import { normalizeCurrency } from "@/lib/money/index";

/**
 * Above these amounts (minor units, per currency) a lead must approve a correction. A currency
 * without a threshold always needs approval: nobody credits an unfamiliar currency alone.
 */
export const DEFAULT_APPROVAL_THRESHOLDS: Readonly<Record<string, bigint>> = {
  usd: 50_000n,
  eur: 50_000n,
  gbp: 50_000n,
  chf: 50_000n,
  cad: 70_000n,
  aud: 75_000n,
  sek: 500_000n,
  nok: 500_000n,
  dkk: 350_000n,
  pln: 200_000n,
  jpy: 75_000n,
  kwd: 150_000n,
  rub: 4_000_000n,
};

const currency = z.string().regex(/^[a-zA-Z]{3}$/);
const minor = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);

/**
 * What the Setting row holds: currency → minor units as a string, or null for a threshold that
 * was removed. A removed default must stay removed (it is not merely absent, which would bring
 * the default back), and removing only ever makes a currency stricter.
 */
export type StoredThresholds = Record<string, string | null>;

/** The Setting row's value (currency → minor units as a string), over the defaults; bad values are ignored. */
export function parseApprovalThresholds(value: unknown): Record<string, bigint> {
  const out: Record<string, bigint> = { ...DEFAULT_APPROVAL_THRESHOLDS };
  for (const [c, v] of Object.entries(storedApprovalThresholds(value))) {
    if (v === null) delete out[c];
    else out[c] = BigInt(v);
  }
  return out;
}

/** The Setting row's value as stored (valid entries only, currencies lower case). */
export function storedApprovalThresholds(value: unknown): StoredThresholds {
  const out: StoredThresholds = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [c, v] of Object.entries(value)) {
    if (!currency.safeParse(c).success) continue;
    if (v === null) out[normalizeCurrency(c)] = null;
    else {
      const m = minor.safeParse(v);
      if (m.success) out[normalizeCurrency(c)] = String(m.data);
    }
  }
  return out;
}

/** The stored value with a threshold removed: a default is marked removed, anything else dropped. */
export function withoutThreshold(stored: StoredThresholds, currencyCode: string): StoredThresholds {
  const c = normalizeCurrency(currencyCode);
  const rest = { ...stored };
  delete rest[c];
  return c in DEFAULT_APPROVAL_THRESHOLDS ? { ...rest, [c]: null } : rest;
}

/**
 * The stored value after the form's update (which lists only the thresholds in force): removed
 * defaults stay removed unless the update sets them again.
 */
export function replaceThresholds(stored: StoredThresholds, update: Record<string, string>): StoredThresholds {
  const removed = Object.fromEntries(Object.entries(stored).filter(([c, v]) => v === null && !(c in update)));
  return { ...removed, ...update };
}

export type Loosening = { currency: string; from: bigint | null; to: bigint };

/**
 * The currencies where `after` lets more through alone than `before`: a higher threshold, or one
 * for a currency that had none (which always needed approval). Lowering and removing are the
 * strict side and never appear here.
 */
export function loosenings(before: Readonly<Record<string, bigint>>, after: Readonly<Record<string, bigint>>): Loosening[] {
  return Object.entries(after)
    .filter(([c, to]) => before[c] === undefined || to > before[c])
    .map(([currency, to]) => ({ currency, from: before[currency] ?? null, to }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The stored value with a currency put back to what was in force (its threshold, or none). */
export function withThresholdInForce(stored: StoredThresholds, currencyCode: string, inForce: bigint | null): StoredThresholds {
  const c = normalizeCurrency(currencyCode);
  return inForce === null ? withoutThreshold(stored, c) : { ...stored, [c]: inForce.toString() };
}
