// Each line must be priced at the customer's contracted tariff in force at the line's period
// start. Lines of products without any tariff are not judged (no contract to compare with).
// A per-unit tariff is compared by unit amount; a tiered one by the line's amount, which must be
// what the contracted tiers give for the line's quantity (graduated or volume, one rounding per
// line, as Stripe prices a tiered price: docs.stripe.com/products-prices/pricing-models#tiered-pricing).
import { priceAmount, type TieredTariff } from "@/features/billing-math";
import { abs, draft, expectedLineAmount, isDead, lineInstant, sameDecimal, tariffInForce } from "./helpers";
import type { AuditContext, AuditLine, AuditTariff, FindingDraft, Rule } from "../types";

/** What the contracted tiers give for the line's quantity; null when they cannot price it (a fractional quantity). */
export function tieredTariffAmount(line: AuditLine, tiered: TieredTariff): bigint | null {
  try {
    return priceAmount({ billingScheme: "tiered", tiersMode: tiered.tiersMode, tiers: tiered.tiers }, line.quantity, line.currency).amount;
  } catch {
    return null;
  }
}

const tariffEvidence = (t: AuditTariff) => ({
  id: t.id,
  priceId: t.priceId,
  unit: t.unitAmountDecimal,
  ...(t.tiered ? { tiersMode: t.tiered.tiersMode, tiers: t.tiered.tiers } : {}),
  validFrom: t.validFrom.toISOString(),
  validTo: t.validTo?.toISOString() ?? null,
});

function tieredFinding(ctx: AuditContext, line: AuditLine, tariff: AuditTariff, tiered: TieredTariff): FindingDraft | null {
  // A proration line is a share of the item's tiered amount for the whole period: not judged here.
  if (line.proration) return null;
  const expected = tieredTariffAmount(line, tiered);
  if (expected === null || expected === line.amount) return null;
  const diff = line.amount - expected;
  return draft(ctx, {
    rule: "tariff_price",
    fingerprint: `tariff_price:${line.stripeId}`,
    severity: diff > 0n ? "HIGH" : "LOW",
    amountAtStakeMinor: abs(diff),
    summary: `Line ${line.position + 1} billed ${line.amount} for ${line.quantity} units; the contracted ${tiered.tiersMode} tiers give ${expected}`,
    evidence: {
      line: line.stripeId,
      billedPrice: line.priceId,
      billedUnit: line.unitAmountDecimal,
      quantity: line.quantity,
      billedAmount: line.amount,
      tariff: tariffEvidence(tariff),
      at: lineInstant(ctx, line).toISOString(),
      expectedAmount: expected,
    },
    suggestion: {
      kind: "recalculation",
      edits: [{ type: "set_tiered_price", lineId: line.stripeId, tiered: { tiersMode: tiered.tiersMode, tiers: tiered.tiers } }],
      differenceMinor: diff,
      currency: ctx.invoice.currency,
    },
  });
}

export const tariffPrice: Rule = (ctx) => {
  const out: FindingDraft[] = [];
  if (isDead(ctx.invoice.status) || !ctx.tariffs.length) return out;
  for (const line of ctx.invoice.lines) {
    const tariff = tariffInForce(ctx, line);
    if (!tariff) continue;
    if (tariff.tiered) {
      const f = tieredFinding(ctx, line, tariff, tariff.tiered);
      if (f) out.push(f);
      continue;
    }
    if (tariff.unitAmountDecimal === null || line.unitAmountDecimal === null || line.proration) continue;
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
          tariff: tariffEvidence(tariff),
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
