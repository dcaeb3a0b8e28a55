// The contracted discounts in force must be applied, and nothing else: a missing contracted
// discount overcharges; an expired (or never contracted) one undercharges. Line coupons are
// compared per line, invoice coupons per invoice, by coupon id.
import { compare, parseDecimal } from "@/lib/money";
import { draft, inForce, isDead, lineDiscountsInForce } from "./helpers";
import type { AuditContext, AuditContractDiscount, FindingDraft, Rule } from "../types";

/** The expected discount on `base` (percent rounded half up would be billing-math's job; an estimate is enough for the stake). */
function estimate(d: AuditContractDiscount, base: bigint): bigint {
  if (d.amountOffMinor !== null) return d.amountOffMinor < base ? d.amountOffMinor : base;
  if (d.percentOff === null) return 0n;
  const p = parseDecimal(d.percentOff);
  return compare(p, parseDecimal(0)) > 0 ? (base * p.n) / (p.d * 100n) : 0n;
}

const known = (ids: (string | null)[]) => ids.every((c) => c !== null);

function missing(ctx: AuditContext, d: AuditContractDiscount, base: bigint, where: string, lineId: string | null): FindingDraft {
  const stake = estimate(d, base);
  return draft(ctx, {
    rule: "contract_discount",
    fingerprint: `contract_discount:missing:${lineId ?? ctx.invoice.stripeId}:${d.couponId ?? d.id}`,
    severity: "HIGH",
    amountAtStakeMinor: stake,
    summary: `Contracted discount ${d.couponId ?? d.id} missing on ${where}`,
    evidence: {
      line: lineId,
      contract: {
        id: d.id,
        coupon: d.couponId,
        percentOff: d.percentOff,
        amountOff: d.amountOffMinor,
        validFrom: d.validFrom.toISOString(),
        validTo: d.validTo?.toISOString() ?? null,
      },
    },
    suggestion: {
      kind: "recalculation",
      edits: [{ type: "add_discount", lineId, couponId: d.couponId, percentOff: d.percentOff, amountOff: d.amountOffMinor }],
      differenceMinor: stake,
      currency: ctx.invoice.currency,
    },
  });
}

function unexpected(ctx: AuditContext, couponId: string, amount: bigint, where: string, lineId: string | null): FindingDraft {
  const expired = ctx.contractDiscounts.find((d) => d.couponId === couponId);
  return draft(ctx, {
    rule: "contract_discount",
    fingerprint: `contract_discount:extra:${lineId ?? ctx.invoice.stripeId}:${couponId}`,
    severity: "LOW",
    amountAtStakeMinor: amount,
    summary: expired ? `Expired discount ${couponId} still applied on ${where}` : `Discount ${couponId} on ${where} is not in the contract`,
    evidence: {
      line: lineId,
      coupon: couponId,
      amount,
      contract: expired ? { id: expired.id, validFrom: expired.validFrom.toISOString(), validTo: expired.validTo?.toISOString() ?? null } : null,
    },
    suggestion: { kind: "review", note: "The customer was undercharged: end the coupon in Stripe so the next invoice is right." },
  });
}

export const contractDiscount: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  if (isDead(inv.status) || (!ctx.contractDiscounts.length && !ctx.tariffs.length)) return out;
  for (const line of inv.lines) {
    const own = line.discounts.filter((d) => d.scope === "line");
    // Without coupon ids (an unexpanded projection) there is nothing reliable to compare.
    if (!known(own.map((d) => d.couponId))) continue;
    const want = lineDiscountsInForce(ctx, line);
    const where = `line ${line.position + 1}`;
    for (const d of want) if (!own.some((o) => o.couponId === d.couponId)) out.push(missing(ctx, d, line.amount, where, line.stripeId));
    for (const o of own) if (!want.some((d) => d.couponId === o.couponId)) out.push(unexpected(ctx, o.couponId!, o.amount, where, line.stripeId));
  }
  if (!known(inv.discounts.map((d) => d.couponId))) return out;
  // Invoice-level contracts are judged at the first line's period start, as they are written.
  const at = inv.lines[0]?.periodStart ?? inv.stripeCreated;
  const wantInv = ctx.contractDiscounts.filter((d) => d.scope === "invoice" && inForce(d, at));
  // total_discount_amounts also lists the lines' own discounts: leave those out by discount id
  // (the same coupon may be contracted on a line and on the invoice).
  const lineOwn = new Set(inv.lines.flatMap((l) => l.discounts.filter((d) => d.scope === "line").map((d) => d.discountId)));
  const invoiceLevel = inv.discounts.filter((d) => !lineOwn.has(d.discountId));
  const base = inv.subtotal;
  for (const d of wantInv) if (!invoiceLevel.some((o) => o.couponId === d.couponId)) out.push(missing(ctx, d, base, "the invoice", null));
  for (const o of invoiceLevel) if (!wantInv.some((d) => d.couponId === o.couponId)) out.push(unexpected(ctx, o.couponId!, o.amount, "the invoice", null));
  return out;
};
