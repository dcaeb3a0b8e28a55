// A line's amount must be what its price makes of its quantity (Stripe rounds once per line, half
// up to the currency step). What "its price makes" depends on the line:
// - an ordinary per_unit line: quantity × unit amount;
// - a package (transform_quantity) or tiered line: priceAmount() of the line's price, which
//   needs the price's transform_quantity / tiers (AuditLine.price). quantity × unit would accuse
//   every correct package line (150 units at 1000 per 100 = 2000, not 150 × 1000);
// - a proration line: prorateChange()'s credit or debit for the item's price and quantity over
//   the part of the period left at the change (Stripe writes the line's period as [proration
//   time, period end)), which needs the price and the whole billing period (AuditLine.price,
//   AuditLine.billingPeriod). Its quantity × unit is never used: the unit Stripe reports on a
//   proration is not reliable (the price's 2000 on the recorded −1986 credit of API
//   2024-04-10; the prorated amount per unit in the emulator, after a recorded
//   unit_amount_excluding_tax), so it proves nothing either way.
// Where the data to recompute a line is not known, the line is skipped, never accused: a
// tiered price without its tiers, a proration without its price or billing period. A line
// whose price is not known at all (no Price row, or one projected before the scheme was
// stored) is still checked as quantity × unit, so a package line among those would be
// accused until its price is (re)synced. From the database
// (load-invoice-docs.ts): the Price row gives billing_scheme, transform_quantity and, when the
// price was fetched with them expanded, tiers; the subscription item's billing period is not
// projected yet, so proration lines are not checked from the database at all.
import { billedAtZeroUnit, priceAmount, prorationCredit, prorationDebit, type PriceInput } from "@/features/billing-math";
import { abs, draft, expectedLineAmount } from "./helpers";
import type { AuditLine, AuditPrice, FindingDraft, Rule } from "../types";

export type LineMathBasis = "unit" | "price" | "proration";

const seconds = (d: Date): bigint | null => (d.getTime() % 1000 === 0 ? BigInt(d.getTime() / 1000) : null);

/** The full price as the billing math takes it; null when part of it is not known. */
function priceInput(price: AuditPrice): PriceInput | null {
  if (price.billingScheme === "tiered") return price.tiers?.length ? { billingScheme: "tiered", tiersMode: price.tiersMode, tiers: price.tiers } : null;
  return price.unitAmountDecimal === null ? null : { unitAmountDecimal: price.unitAmountDecimal, transformQuantity: price.transformQuantity };
}

function prorationExpected(line: AuditLine): bigint | null {
  const price = line.price ? priceInput(line.price) : null;
  const full = line.billingPeriod;
  if (!price || !full || !line.periodStart || !line.periodEnd) return null;
  const [t, end, start, fullEnd] = [seconds(line.periodStart), seconds(line.periodEnd), seconds(full.start), seconds(full.end)];
  // Stripe's proration line runs from the proration time to the end of the period it prorates;
  // a line that does not is not one we know how to recompute.
  if (t === null || end === null || start === null || fullEnd === null || end !== fullEnd || t < start || t >= end) return null;
  const item = { price, quantity: line.quantity };
  const period = { start, end };
  // The credit ("Unused time on …") is the negative line, the debit ("Remaining time on …") the other.
  return (line.amount < 0n ? prorationCredit(item, period, t, line.currency) : prorationDebit(item, period, t, line.currency)).amount;
}

/** The price math's answer, or null where it refuses the data (a fractional quantity on a tiered price, malformed tiers): that is not evidence of a wrong amount. */
function refusedAsNull(f: () => bigint | null): bigint | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** What the line should amount to and how that was found; null = not enough known to check it. */
export function lineMathExpected(line: AuditLine): { expected: bigint; basis: LineMathBasis } | null {
  if (line.proration) {
    const expected = refusedAsNull(() => prorationExpected(line));
    return expected === null ? null : { expected, basis: "proration" };
  }
  // a trial's line at 0 is quantity × 0, as verifyInvoice reads it (billedAtZeroUnit)
  const atZero = billedAtZeroUnit(line.unitAmountDecimal, line.amount);
  if (!atZero && line.price && (line.price.billingScheme === "tiered" || line.price.transformQuantity)) {
    const price = priceInput(line.price);
    const expected = price ? refusedAsNull(() => priceAmount(price, line.quantity, line.currency).amount) : null;
    return expected === null ? null : { expected, basis: "price" };
  }
  // a plain per_unit price (or one not known): the line's own unit amount is what Stripe applied
  const expected = expectedLineAmount(line);
  return expected === null ? null : { expected, basis: "unit" };
}

export const lineMath: Rule = (ctx) => {
  const out: FindingDraft[] = [];
  if (ctx.invoice.status === "DELETED") return out;
  for (const line of ctx.invoice.lines) {
    const found = lineMathExpected(line);
    if (found === null || found.expected === line.amount) continue;
    const { expected, basis } = found;
    const diff = line.amount - expected;
    const how =
      basis === "unit"
        ? `${line.quantity} × ${line.unitAmountDecimal}`
        : basis === "price"
          ? `${line.quantity} at its price's ${line.price?.billingScheme === "tiered" ? "tiers" : "packages"}`
          : `the proration of ${line.quantity} × its price`;
    out.push(
      draft(ctx, {
        rule: "line_math",
        fingerprint: `line_math:${line.stripeId}`,
        severity: diff > 0n ? "HIGH" : "MEDIUM",
        amountAtStakeMinor: abs(diff),
        summary: `Line ${line.position + 1}: ${how} should be ${expected}, billed ${line.amount}`,
        evidence: { line: line.stripeId, quantity: line.quantity, unitAmountDecimal: line.unitAmountDecimal, billed: line.amount, expected, basis },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_amount", lineId: line.stripeId, amount: expected }],
          differenceMinor: diff,
          currency: ctx.invoice.currency,
        },
      }),
    );
  }
  return out;
};
