// Price parameters beyond a flat unit amount: `billing_scheme=tiered` with `tiers_mode` and
// `tiers` (returned only with `expand[]=tiers`, as Stripe does), `transform_quantity`, and the
// `recurring` hash. Tiers are kept exactly in the store's meta, next to their rendered form.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { parseDecimal, ratToDecimalString, type Rat } from "../money";
import { arr, int, obj, oneOf, str, type Params } from "../params";
import type { StoredTier } from "../price-math";
import type { Obj } from "../store";

const tiersKey = (priceId: string) => "price_tiers:" + priceId;

/** The exact tiers of a tiered price (null for per_unit prices). */
export function storedTiers(em: Emulator, priceId: string): StoredTier[] | null {
  return (em.store.meta.get(tiersKey(priceId))?.exact as StoredTier[] | undefined) ?? null;
}

/** The price's `tiers` as Stripe renders them (includable: only with expand[]=tiers). */
export function renderedTiers(em: Emulator, priceId: string): Obj[] | undefined {
  return em.store.meta.get(tiersKey(priceId))?.rendered as Obj[] | undefined;
}

/** `x` or `x_decimal` (only one of them) as an exact amount, with the two output fields. */
function amountPair(t: Params, key: string, param: string): { exact: Rat | null; int: number | null; dec: string | null } {
  // `dec` is the exact canonical decimal text (what the store keeps); `exact` only says one was given.
  const i = int(t, key);
  const rawDec = t[`${key}_decimal`];
  if (i !== undefined && rawDec !== undefined && rawDec !== "") throw invalid(`You may only specify one of ${key} and ${key}_decimal.`, `${param}[${key}]`);
  if (i !== undefined) return { exact: parseDecimal(i)!, int: i, dec: String(i) };
  if (rawDec === undefined || rawDec === "") return { exact: null, int: null, dec: null };
  const d = parseDecimal(rawDec);
  if (!d || d.n < 0n) throw invalid(`Invalid decimal: ${String(rawDec)}`, `${param}[${key}_decimal]`);
  const s = ratToDecimalString(d);
  return { exact: d, int: /^\d+$/.test(s) ? Number(s) : null, dec: s };
}

/**
 * Parses `billing_scheme`, `tiers_mode`, `tiers` and `transform_quantity` of POST /v1/prices into
 * the price's fields. Throws Stripe-shaped 400s for the combinations Stripe rejects.
 */
export function parseScheme(
  p: Params,
  hasUnitAmount: boolean,
): {
  fields: Pick<Obj, "billing_scheme" | "tiers_mode" | "transform_quantity">;
  tiers: { exact: StoredTier[]; rendered: Obj[] } | null;
} {
  const scheme = oneOf(p, "billing_scheme", ["per_unit", "tiered"] as const) ?? "per_unit";
  const tq = obj(p, "transform_quantity");
  if (scheme === "per_unit") {
    if (p.tiers !== undefined || p.tiers_mode !== undefined) throw invalid("tiers and tiers_mode require billing_scheme=tiered.", "tiers");
    return { fields: { billing_scheme: "per_unit", tiers_mode: null, transform_quantity: tq ? transformQuantity(tq) : null }, tiers: null };
  }
  if (tq) throw invalid("transform_quantity cannot be combined with billing_scheme=tiered.", "transform_quantity");
  if (hasUnitAmount) throw invalid("unit_amount and unit_amount_decimal cannot be set with billing_scheme=tiered; set them on the tiers.", "unit_amount");
  const mode = oneOf(p, "tiers_mode", ["graduated", "volume"] as const);
  if (!mode) throw invalid("Missing required param: tiers_mode.", "tiers_mode", "parameter_missing");
  const raw = arr(p, "tiers");
  if (!raw?.length) throw invalid("Missing required param: tiers.", "tiers", "parameter_missing");
  const exact: StoredTier[] = [];
  const rendered: Obj[] = [];
  let prev = 0;
  raw.forEach((r, i) => {
    const param = `tiers[${i}]`;
    if (typeof r !== "object" || r === null) throw invalid(`Invalid object: ${param}`, param);
    const t = r as Params;
    const last = i === raw.length - 1;
    const upRaw = str(t, "up_to", true);
    let upTo: number | null;
    if (upRaw === "inf") {
      if (!last) throw invalid("Only the last tier can have up_to=inf.", `${param}[up_to]`);
      upTo = null;
    } else {
      upTo = int(t, "up_to")!;
      if (last) throw invalid("The last tier must have up_to=inf.", `${param}[up_to]`);
      if (upTo <= prev) throw invalid("Tiers must be in ascending order of up_to.", `${param}[up_to]`);
      prev = upTo;
    }
    const unit = amountPair(t, "unit_amount", param);
    const flat = amountPair(t, "flat_amount", param);
    if (!unit.exact && !flat.exact) throw invalid("Each tier needs unit_amount, unit_amount_decimal, flat_amount or flat_amount_decimal.", param);
    exact.push({ upTo, unit: unit.dec ?? "0", flat: flat.dec ?? "0" });
    rendered.push({ flat_amount: flat.int, flat_amount_decimal: flat.dec, unit_amount: unit.int, unit_amount_decimal: unit.dec, up_to: upTo });
  });
  return { fields: { billing_scheme: "tiered", tiers_mode: mode, transform_quantity: null }, tiers: { exact, rendered } };
}

function transformQuantity(tq: Params): Obj {
  const divideBy = int(tq, "divide_by");
  if (divideBy === undefined) throw invalid("Missing required param: transform_quantity[divide_by].", "transform_quantity[divide_by]", "parameter_missing");
  if (divideBy < 1) throw invalid("transform_quantity[divide_by] must be a positive integer.", "transform_quantity[divide_by]");
  const round = oneOf(tq, "round", ["up", "down"] as const);
  if (!round) throw invalid("Missing required param: transform_quantity[round].", "transform_quantity[round]", "parameter_missing");
  return { divide_by: divideBy, round };
}

/** The `recurring` hash of a price (null for one-time prices). */
export function parseRecurring(p: Params): Obj | null {
  const rec = obj(p, "recurring");
  if (!rec) return null;
  const interval = oneOf(rec, "interval", ["day", "week", "month", "year"] as const);
  if (!interval) throw invalid("Missing required param: recurring[interval].", "recurring[interval]", "parameter_missing");
  const count = int(rec, "interval_count") ?? 1;
  if (count < 1) throw invalid("recurring[interval_count] must be at least 1.", "recurring[interval_count]");
  const usage = oneOf(rec, "usage_type", ["licensed", "metered"] as const) ?? "licensed";
  return { interval, interval_count: count, meter: str(rec, "meter") ?? null, trial_period_days: int(rec, "trial_period_days") ?? null, usage_type: usage };
}

/** Saves a tiered price's tiers (exact and rendered) under its id. */
export function saveTiers(em: Emulator, priceId: string, tiers: { exact: StoredTier[]; rendered: Obj[] }): void {
  em.store.meta.set(tiersKey(priceId), tiers);
}
