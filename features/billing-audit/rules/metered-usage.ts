// A metered line whose quantity differs from its billing meter's total for the line's period.
//
// A metered price bills the usage its meter aggregates over the billing period, and "A billing
// meter event summary represents an aggregated view of a customer's billing meter events within
// a specified timeframe. It indicates how much usage was accrued by a customer for that period";
// its aggregated_value is the "Aggregated value of all the events within start_time (inclusive)
// and end_time … The aggregation strategy is defined on meter via default_aggregation" (sum,
// count or last; https://docs.stripe.com/api/billing/meter-event-summary/object). So the line's
// quantity should equal the summary's aggregated_value over the line's [period.start, period.end).
// Summary bounds must be "aligned with minute boundaries" (same page): for a period that is
// not aligned, meter-usage/refresh-meter-usage.ts stores the outer and the inner aligned windows
// and the rule accuses the line only outside [inner, outer] (sum and count only grow with the
// window), or, for "last", only when both windows agree and the line differs from them.
// A line billing less than the meter (usage reported after finalization, for example) is
// under-billing: MEDIUM; more than the meter: HIGH. Trial lines bill the usage at 0 but still
// carry it as their quantity, so they are compared too. Pure.
import { compare } from "@/lib/money";
import { toRational } from "@/features/billing-math";
import { abs, draft, isDead, sameDecimal } from "./helpers";
import { lineMathExpected } from "./line-math";
import type { AuditMeterUsage, FindingDraft, Rule } from "../types";

const MINUTE = 60_000;
const floorMin = (t: number) => Math.floor(t / MINUTE) * MINUTE;
const ceilMin = (t: number) => Math.ceil(t / MINUTE) * MINUTE;

/** The summary windows a period is checked with: exact when aligned, else outer and inner. */
export function meterWindows(start: Date, end: Date): { outer: [number, number]; inner: [number, number] | null } {
  const s = start.getTime(),
    e = end.getTime();
  const outer: [number, number] = [floorMin(s), ceilMin(e)];
  const inner: [number, number] = [ceilMin(s), floorMin(e)];
  if (outer[0] === inner[0] && outer[1] === inner[1]) return { outer, inner: null };
  return { outer, inner: inner[1] > inner[0] ? inner : null };
}

const cmp = (a: string, b: string) => compare(toRational(a, "quantity"), toRational(b, "quantity"));

export const meteredUsageMismatch: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || inv.status === "VOID" || !ctx.meterUsage?.length) return out;
  const find = (meterId: string, [s, e]: [number, number]): AuditMeterUsage | undefined =>
    ctx.meterUsage!.find((u) => u.meterId === meterId && u.start.getTime() === s && u.end.getTime() === e);
  for (const line of inv.lines) {
    if (!line.meterId || line.proration || !line.periodStart || !line.periodEnd) continue;
    const w = meterWindows(line.periodStart, line.periodEnd);
    const outer = find(line.meterId, w.outer);
    if (!outer) continue;
    const aligned = w.inner === null && w.outer[0] === line.periodStart.getTime() && w.outer[1] === line.periodEnd.getTime();
    let expected: string | null = null;
    if (aligned) {
      if (!sameDecimal(line.quantity, outer.value)) expected = outer.value;
    } else {
      const inner = w.inner ? find(line.meterId, w.inner) : undefined;
      const innerValue = inner?.value ?? "0";
      if (outer.formula === "sum" || outer.formula === "count") {
        if (cmp(line.quantity, outer.value) > 0) expected = outer.value;
        else if (inner && cmp(line.quantity, innerValue) < 0) expected = innerValue;
      } else if (inner && sameDecimal(inner.value, outer.value) && !sameDecimal(line.quantity, outer.value)) expected = outer.value;
    }
    if (expected === null) continue;
    const over = cmp(line.quantity, expected) > 0;
    let recomputed: bigint | null = null;
    try {
      recomputed = lineMathExpected({ ...line, quantity: expected })?.expected ?? null;
    } catch {
      recomputed = null;
    }
    const diff = recomputed === null ? 0n : line.amount - recomputed;
    out.push(
      draft(ctx, {
        rule: "metered_usage_mismatch",
        fingerprint: `metered_usage_mismatch:${line.stripeId}`,
        severity: over ? "HIGH" : "MEDIUM",
        // What the same price (tiers included) makes of the meter's quantity; 0 when that cannot be recomputed.
        amountAtStakeMinor: abs(diff),
        summary: `Line ${line.position + 1} bills a usage of ${line.quantity}; meter ${line.meterId} totals ${expected} for ${line.periodStart.toISOString()} – ${line.periodEnd.toISOString()}`,
        evidence: {
          line: line.stripeId,
          meter: line.meterId,
          formula: outer.formula,
          billedQuantity: line.quantity,
          meterQuantity: expected,
          periodStart: line.periodStart.toISOString(),
          periodEnd: line.periodEnd.toISOString(),
          billed: line.amount,
          expected: recomputed,
        },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_quantity", lineId: line.stripeId, quantity: expected }],
          differenceMinor: diff,
          currency: inv.currency,
        },
      }),
    );
  }
  return out;
};
