// A difference between Settle's projection and Stripe found by the latest reconciliation run,
// about this invoice or the payments recorded against it. One finding per Stripe object.
import { draft } from "./helpers";
import type { AuditDiff, FindingDraft, Rule } from "../types";

const MONEY_FIELDS = new Set(["total", "amount_paid", "amount_remaining", "amount_due", "amount", "amount_refunded"]);

function stake(diffs: AuditDiff[]): bigint {
  let max = 0n;
  for (const d of diffs) {
    if (!MONEY_FIELDS.has(d.field)) continue;
    const a = d.settleValue && /^-?\d+$/.test(d.settleValue) ? BigInt(d.settleValue) : 0n;
    const b = d.stripeValue && /^-?\d+$/.test(d.stripeValue) ? BigInt(d.stripeValue) : 0n;
    const delta = a > b ? a - b : b - a;
    if (delta > max) max = delta;
  }
  return max;
}

export const reconciliationDiff: Rule = (ctx) => {
  const byObject = new Map<string, AuditDiff[]>();
  for (const d of ctx.diffs) byObject.set(`${d.entityType}:${d.stripeId}`, [...(byObject.get(`${d.entityType}:${d.stripeId}`) ?? []), d]);
  const out: FindingDraft[] = [];
  for (const [key, diffs] of byObject) {
    const { entityType, stripeId } = diffs[0];
    out.push(
      draft(ctx, {
        rule: "reconciliation_diff",
        fingerprint: `reconciliation_diff:${key}`,
        severity: diffs.some((d) => d.field.startsWith("missing_") || MONEY_FIELDS.has(d.field) || d.field === "status") ? "HIGH" : "MEDIUM",
        amountAtStakeMinor: stake(diffs),
        summary: `Settle and Stripe differ on ${entityType} ${stripeId}: ${diffs.map((d) => d.field).join(", ")}`,
        evidence: {
          runId: diffs[0].runId,
          entityType,
          stripeId,
          differences: diffs.map((d) => ({ field: d.field, settle: d.settleValue, stripe: d.stripeValue })),
        },
        suggestion: { kind: "resync", stripeIds: [stripeId] },
      }),
    );
  }
  return out;
};
