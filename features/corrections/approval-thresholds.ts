import { z } from "zod";
import { normalizeCurrency } from "@/lib/money";

/**
 * Above these amounts (minor units, per currency) a lead must approve a correction. A currency
 * without a threshold always needs approval: nobody credits an unfamiliar currency alone.
 */
export const DEFAULT_APPROVAL_THRESHOLDS: Readonly<Record<string, bigint>> = {
  usd: 50_000n, eur: 50_000n, gbp: 50_000n, chf: 50_000n, cad: 70_000n, aud: 75_000n,
  sek: 500_000n, nok: 500_000n, dkk: 350_000n, pln: 200_000n, jpy: 75_000n, kwd: 150_000n, rub: 4_000_000n,
};

const currency = z.string().regex(/^[a-zA-Z]{3}$/);
const minor = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);

/** The Setting row's value (currency → minor units as a string), over the defaults; bad values are ignored. */
export function parseApprovalThresholds(value: unknown): Record<string, bigint> {
  const out: Record<string, bigint> = { ...DEFAULT_APPROVAL_THRESHOLDS };
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [c, v] of Object.entries(value)) {
    const m = minor.safeParse(v);
    if (currency.safeParse(c).success && m.success) out[normalizeCurrency(c)] = BigInt(m.data);
  }
  return out;
}
