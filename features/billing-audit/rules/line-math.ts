// quantity × unit price must give the line amount (Stripe rounds half up to the currency step).
import { abs, draft, expectedLineAmount } from "./helpers";
import type { FindingDraft, Rule } from "../types";

export const lineMath: Rule = (ctx) => {
  const out: FindingDraft[] = [];
  if (ctx.invoice.status === "DELETED") return out;
  for (const line of ctx.invoice.lines) {
    const expected = expectedLineAmount(line);
    if (expected === null || expected === line.amount) continue;
    const diff = line.amount - expected;
    out.push(
      draft(ctx, {
        rule: "line_math",
        fingerprint: `line_math:${line.stripeId}`,
        severity: diff > 0n ? "HIGH" : "MEDIUM",
        amountAtStakeMinor: abs(diff),
        summary: `Line ${line.position + 1}: ${line.quantity} × ${line.unitAmountDecimal} should be ${expected}, billed ${line.amount}`,
        evidence: { line: line.stripeId, quantity: line.quantity, unitAmountDecimal: line.unitAmountDecimal, billed: line.amount, expected },
        suggestion: { kind: "recalculation", edits: [{ type: "set_amount", lineId: line.stripeId, amount: expected }], differenceMinor: diff, currency: ctx.invoice.currency },
      }),
    );
  }
  return out;
};
