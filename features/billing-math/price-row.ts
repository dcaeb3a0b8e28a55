// The projection's Price row as an AuditPrice: what line_math recomputes package and
// tiered lines from. Pure. Unknown stays unknown (null): a row projected before the billing
// scheme was stored, a tiered price whose tiers never came (webhooks do not expand them).
import type { TierInput, TiersMode, TransformQuantity } from "./pricing";

/** A projected price as the billing math reads it: per unit (with transform_quantity) or tiered. */
export type AuditPrice =
  | { billingScheme: "per_unit"; unitAmountDecimal: string | null; transformQuantity: TransformQuantity | null }
  | { billingScheme: "tiered"; tiersMode: TiersMode; tiers: readonly TierInput[] | null };

export interface PriceRow {
  billingScheme: string | null;
  tiersMode: string | null;
  tiers: unknown;
  transformQuantity: unknown;
  unitAmountDecimal: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const decimal = (v: unknown): string | number | null => (typeof v === "string" || typeof v === "number" ? v : null);

function tierOf(t: unknown): TierInput | null {
  if (!isObj(t)) return null;
  const upTo = t.up_to === "inf" || t.up_to === null ? "inf" : typeof t.up_to === "number" ? t.up_to : undefined;
  if (upTo === undefined) return null;
  return {
    upTo,
    unitAmount: decimal(t.unit_amount),
    unitAmountDecimal: decimal(t.unit_amount_decimal),
    flatAmount: decimal(t.flat_amount),
    flatAmountDecimal: decimal(t.flat_amount_decimal),
  };
}

/** Stripe-shaped tiers (a Price's, or a contracted tariff's stored the same way), or null when any is unreadable. */
export function tiersOf(json: unknown): TierInput[] | null {
  const tiers = Array.isArray(json) ? json.map(tierOf) : null;
  return tiers && tiers.length && tiers.every((t) => t !== null) ? (tiers as TierInput[]) : null;
}

export function auditPriceOf(row: PriceRow | null | undefined): AuditPrice | null {
  if (!row) return null;
  if (row.billingScheme === "tiered") {
    if (row.tiersMode !== "graduated" && row.tiersMode !== "volume") return null;
    return { billingScheme: "tiered", tiersMode: row.tiersMode, tiers: tiersOf(row.tiers) };
  }
  if (row.billingScheme !== "per_unit") return null;
  const tq = row.transformQuantity;
  if (isObj(tq)) {
    const divideBy = typeof tq.divide_by === "number" && Number.isSafeInteger(tq.divide_by) && tq.divide_by >= 1 ? tq.divide_by : null;
    if (divideBy === null || (tq.round !== "up" && tq.round !== "down")) return null;
    return { billingScheme: "per_unit", unitAmountDecimal: row.unitAmountDecimal, transformQuantity: { divideBy, round: tq.round } };
  }
  return { billingScheme: "per_unit", unitAmountDecimal: row.unitAmountDecimal, transformQuantity: null };
}
