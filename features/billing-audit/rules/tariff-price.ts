// Each line must be priced at the customer's contracted tariff in force at the line's period
// start. Lines of products without any tariff are not judged (no contract to compare with).
import { abs, draft, expectedLineAmount, isDead, lineInstant, sameDecimal, tariffInForce } from "./helpers";
import type { FindingDraft, Rule } from "../types";

export const tariffPrice: Rule = (ctx) => {
  const out: FindingDraft[] = [];
  if (isDead(ctx.invoice.status) || !ctx.tariffs.length) return out;
  for (const line of ctx.invoice.lines) {
    const tariff = tariffInForce(ctx, line);
    if (!tariff || line.unitAmountDecimal === null || line.proration) continue;
    if (sameDecimal(line.unitAmountDecimal, tariff.unitAmountDecimal)) continue;
    const expected = expectedLineAmount(line, tariff.unitAmountDecimal) ?? line.amount;
    const diff = line.amount - expected;
    out.push(
      draft(ctx, {
        rule: "tariff_price",
        fingerprint: `tariff_price:${line.stripeId}`,
        severity: diff > 0n ? "HIGH" : "LOW",
        amountAtStakeMinor: abs(diff),
        summary: `Line ${line.position + 1} priced ${line.unitAmountDecimal} per unit; the contract in force says ${tariff.unitAmountDecimal}`,
        evidence: {
          line: line.stripeId,
          billedPrice: line.priceId,
          billedUnit: line.unitAmountDecimal,
          quantity: line.quantity,
          billedAmount: line.amount,
          tariff: {
            id: tariff.id,
            priceId: tariff.priceId,
            unit: tariff.unitAmountDecimal,
            validFrom: tariff.validFrom.toISOString(),
            validTo: tariff.validTo?.toISOString() ?? null,
          },
          at: lineInstant(ctx, line).toISOString(),
          expectedAmount: expected,
        },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_unit_amount", lineId: line.stripeId, unitAmountDecimal: tariff.unitAmountDecimal }],
          differenceMinor: diff,
          currency: ctx.invoice.currency,
        },
      }),
    );
  }
  return out;
};
