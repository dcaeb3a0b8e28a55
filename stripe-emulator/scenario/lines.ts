import { PRODUCTS, PROFILES, REGIONS } from "./catalog";
import { contractAt, type CustomerPlan, discountActive } from "./context";
import type { Rng } from "./rng";
import type { Contract, LineKind } from "./types";

export interface LineSpec {
  kind: LineKind;
  contract: Contract;
  price: string;
  unit: string;
  quantity: number;
  description: string;
  coupon: string | null;
  period: { start: number; end: number };
  /** The line's own tax rates, instead of the invoice's default ones. */
  taxRates?: string[];
}

/**
 * The clean lines of one monthly invoice, exactly as the contract prices them:
 * seats (quantity × per-seat price), platform fee (1 × flat) and usage (large quantity ×
 * sub-cent decimal price), the usage split by region for customers with many lines.
 */
export function planLines(plan: CustomerPlan, rng: Rng, period: { start: number; end: number }): LineSpec[] {
  const t = period.start;
  const seats = plan.contractedSeats ?? Math.max(1, plan.seats + rng.int(-2, 3));
  const out: LineSpec[] = [line(plan, "seats", seats, period, `Seats × ${seats}`)];
  out.push(line(plan, "platform", 1, period, "Platform fee"));
  const step = PROFILES[plan.currency].usageStep;
  const regions = plan.manyLines ? REGIONS.length - rng.int(0, 2) : 1;
  for (let r = 0; r < regions; r++) {
    const raw = Math.floor((plan.usage * rng.int(50, 150)) / 100 / regions);
    const q = avoidTie(Math.max(step, Math.floor(raw / step) * step), contractAt(plan.tariffs.usage, t).unit_amount_decimal, step);
    out.push(line(plan, "usage", q, period, plan.manyLines ? `API calls (${REGIONS[r]})` : "API calls"));
  }
  return out;
}

function line(plan: CustomerPlan, kind: LineKind, quantity: number, period: { start: number; end: number }, description: string): LineSpec {
  const c = contractAt(plan.tariffs[kind], period.start);
  const ld = plan.lineDiscount;
  const coupon = ld && ld.kind === kind && discountActive(ld.discount, period.start) ? ld.discount.coupon : null;
  return { kind, contract: c, price: c.price, unit: c.unit_amount_decimal, quantity, description: `${PRODUCTS[kind].name} — ${description}`, coupon, period };
}

/**
 * Moves a usage quantity off an exact half-unit product (q × unit = n + 0.5): half-up and
 * banker's rounding disagree there, and a clean line must not depend on which one the
 * audit uses.
 */
export function avoidTie(q: number, unit: string, step: number): number {
  const [, f = ""] = unit.split(".");
  if (!f) return q;
  const scale = 10n ** BigInt(f.length);
  const n = BigInt(unit.replace(".", ""));
  let qq = BigInt(q);
  while ((qq * n) % scale === scale / 2n) qq += BigInt(step);
  return Number(qq);
}

/** Exact quantity × decimal unit, rounded half up (only used where no tie is possible). */
export function lineAmount(quantity: number, unit: string): number {
  const [, f = ""] = unit.split(".");
  const scale = 10n ** BigInt(f.length);
  const n = BigInt(quantity) * BigInt(unit.replace(".", ""));
  return Number((2n * n + scale) / (2n * scale));
}
