// "Apply the customer's contracted tariff" in one click: the unit price (and contracted quantity)
// of every line a tariff in force prices differently, and the contracted coupons missing from a line or the invoice.
// Which tariff and which coupons are in force is the billing audit's rule (reused, not copied).
import { inForce, lineDiscountsInForce, sameDecimal, tariffInForce } from "@/features/billing-audit/rules/helpers";
import type { AuditContext, AuditContractDiscount, AuditLine, AuditTariff } from "@/features/billing-audit/types";
import { applyEdits, lineAmount, type InvoiceEdit, type InvoiceInput, type TieredTariff } from "@/features/billing-math";
import { minorUnitStep, parseDecimal, toDecimalString } from "@/lib/money";
import type { TariffSuggestion } from "./draft";

// Numeric columns can come back with their scale ("1200.000000000000"): show them plainly.
const plain = (v: string) => toDecimalString(parseDecimal(v));

const coupon = (d: AuditContractDiscount) => ({
  id: `contract_${d.couponId ?? d.id}`,
  percentOff: d.percentOff === null ? null : plain(d.percentOff),
  amountOff: d.percentOff === null && d.amountOffMinor !== null ? d.amountOffMinor.toString() : null,
});

/**
 * A line's amount once priced through the contracted tiers (at the contracted quantity, if any):
 * null when the tiers cannot price it (a fractional quantity) or the line is a proration whose
 * period the input does not know (its share of the tiered amount cannot be recomputed).
 */
function tieredAmount(input: InvoiceInput, line: AuditLine, tiered: TieredTariff, quantity: string | null): bigint | null {
  const l = input.lines.find((x) => x.id === line.stripeId);
  if (!l || (line.proration && !l.proration)) return null;
  const edits: InvoiceEdit[] = [{ type: "set_tiered_price", lineId: l.id, tiered }];
  if (quantity !== null) edits.push({ type: "set_quantity", lineId: l.id, quantity });
  try {
    const [priced] = applyEdits({ currency: input.currency, lines: [l] }, edits).lines;
    return lineAmount(priced, minorUnitStep(input.currency), input.currency);
  } catch {
    return null;
  }
}

/** The tiered tariff as the suggestion carries it to the editor (plain JSON: tiers as stored). */
const tieredOf = (t: AuditTariff, tiered: TieredTariff) => ({ tariffId: t.id, tiersMode: tiered.tiersMode, tiers: tiered.tiers });

/**
 * null when the customer has no contract at all; an empty suggestion when the invoice already follows it.
 * `input` (the invoice as billing-math input) lets a tiered tariff reprice lines, proration lines
 * included: their tiered amount is prorated over the line's own period (without it, tiered tariffs are left out).
 */
export function contractedTariff(ctx: AuditContext, input?: InvoiceInput): TariffSuggestion | null {
  const currency = ctx.invoice.currency.toLowerCase();
  // A tariff is a price in one currency: it never reprices an invoice in another.
  const scoped: AuditContext = { ...ctx, tariffs: ctx.tariffs.filter((t) => t.currency.toLowerCase() === currency) };
  if (!scoped.tariffs.length && !scoped.contractDiscounts.length) return null;
  const inv = scoped.invoice;
  const lines: TariffSuggestion["lines"] = [];
  for (const line of inv.lines) {
    const inForceTariff = tariffInForce(scoped, line);
    const tiered = inForceTariff?.tiered ?? null;
    // Prorated lines carry a prorated unit price: a tariff's full unit price does not apply to them
    // (a tiered one does: the tiered amount is prorated).
    if (line.proration && !tiered) continue;
    const quantity = inForceTariff?.quantity && !sameDecimal(line.quantity, inForceTariff.quantity) ? plain(inForceTariff.quantity) : null;
    if (tiered && inForceTariff) {
      // A proration line bills the item's old or new quantity, not the contracted one.
      const q = line.proration ? null : quantity;
      const amount = input ? tieredAmount(input, line, tiered, q) : null;
      if (amount === null) continue;
      const reprice = amount !== line.amount || q !== null;
      const own = line.discounts.filter((d) => d.scope === "line").map((d) => d.couponId);
      const missing = line.proration
        ? []
        : lineDiscountsInForce(scoped, line)
            .filter((d) => !own.includes(d.couponId))
            .map(coupon);
      if (reprice || missing.length)
        lines.push({
          lineId: line.stripeId,
          unitAmountDecimal: null,
          ...(q !== null ? { quantity: q } : {}),
          ...(reprice ? { tiered: tieredOf(inForceTariff, tiered) } : {}),
          discounts: missing,
        });
      continue;
    }
    const tariff = line.unitAmountDecimal !== null ? inForceTariff : null;
    const unit =
      tariff && tariff.unitAmountDecimal !== null && !sameDecimal(line.unitAmountDecimal, tariff.unitAmountDecimal) ? plain(tariff.unitAmountDecimal) : null;
    // A contracted quantity (10 seats) corrects a line billed for another quantity.
    const qty = tariff ? quantity : null;
    const own = line.discounts.filter((d) => d.scope === "line").map((d) => d.couponId);
    const missing = lineDiscountsInForce(scoped, line)
      .filter((d) => !own.includes(d.couponId))
      .map(coupon);
    if (unit !== null || qty !== null || missing.length)
      lines.push({ lineId: line.stripeId, unitAmountDecimal: unit, ...(qty !== null ? { quantity: qty } : {}), discounts: missing });
  }
  const at = inv.lines[0]?.periodStart ?? inv.stripeCreated;
  const lineCoupons = new Set(inv.lines.flatMap((l) => l.discounts.filter((d) => d.scope === "line").map((d) => d.couponId)));
  const onInvoice = inv.discounts.filter((d) => !lineCoupons.has(d.couponId)).map((d) => d.couponId);
  const invoiceDiscounts = scoped.contractDiscounts.filter((d) => d.scope === "invoice" && inForce(d, at) && !onInvoice.includes(d.couponId)).map(coupon);
  return { lines, invoiceDiscounts };
}
