// "Apply the customer's contracted tariff" in one click: the unit price (and contracted quantity)
// of every line a tariff in force prices differently, and the contracted coupons missing from a line or the invoice.
// Which tariff and which coupons are in force is the billing audit's rule (reused, not copied).
import { inForce, lineDiscountsInForce, sameDecimal, tariffInForce } from "@/features/billing-audit/rules/helpers";
import type { AuditContext, AuditContractDiscount } from "@/features/billing-audit/types";
import { parseDecimal, toDecimalString } from "@/lib/money";
import type { TariffSuggestion } from "./draft";

// Numeric columns can come back with their scale ("1200.000000000000"): show them plainly.
const plain = (v: string) => toDecimalString(parseDecimal(v));

const coupon = (d: AuditContractDiscount) => ({
  id: `contract_${d.couponId ?? d.id}`,
  percentOff: d.percentOff === null ? null : plain(d.percentOff),
  amountOff: d.percentOff === null && d.amountOffMinor !== null ? d.amountOffMinor.toString() : null,
});

/** null when the customer has no contract at all; an empty suggestion when the invoice already follows it. */
export function contractedTariff(ctx: AuditContext): TariffSuggestion | null {
  const currency = ctx.invoice.currency.toLowerCase();
  // A tariff is a price in one currency: it never reprices an invoice in another.
  const scoped: AuditContext = { ...ctx, tariffs: ctx.tariffs.filter((t) => t.currency.toLowerCase() === currency) };
  if (!scoped.tariffs.length && !scoped.contractDiscounts.length) return null;
  const inv = scoped.invoice;
  const lines: TariffSuggestion["lines"] = [];
  for (const line of inv.lines) {
    // Prorated lines carry a prorated unit price: the tariff's full price does not apply to them.
    if (line.proration) continue;
    const tariff = line.unitAmountDecimal !== null ? tariffInForce(scoped, line) : null;
    const unit = tariff && !sameDecimal(line.unitAmountDecimal, tariff.unitAmountDecimal) ? plain(tariff.unitAmountDecimal) : null;
    // A contracted quantity (10 seats) corrects a line billed for another quantity.
    const quantity = tariff?.quantity && !sameDecimal(line.quantity, tariff.quantity) ? plain(tariff.quantity) : null;
    const own = line.discounts.filter((d) => d.scope === "line").map((d) => d.couponId);
    const missing = lineDiscountsInForce(scoped, line)
      .filter((d) => !own.includes(d.couponId))
      .map(coupon);
    if (unit !== null || quantity !== null || missing.length)
      lines.push({ lineId: line.stripeId, unitAmountDecimal: unit, ...(quantity !== null ? { quantity } : {}), discounts: missing });
  }
  const at = inv.lines[0]?.periodStart ?? inv.stripeCreated;
  const lineCoupons = new Set(inv.lines.flatMap((l) => l.discounts.filter((d) => d.scope === "line").map((d) => d.couponId)));
  const onInvoice = inv.discounts.filter((d) => !lineCoupons.has(d.couponId)).map((d) => d.couponId);
  const invoiceDiscounts = scoped.contractDiscounts.filter((d) => d.scope === "invoice" && inForce(d, at) && !onInvoice.includes(d.couponId)).map(coupon);
  return { lines, invoiceDiscounts };
}
