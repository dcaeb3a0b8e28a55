import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeInvoice, recalculate, type InvoiceInput } from "@/features/billing-math";
import { invoiceArb } from "@/features/billing-math/testing/arbitraries";
import { invoiceInputFromProjection, storedInvoiceResult, type ProjectionInvoice } from "./from-projection";

/** What the Stripe sync stores for an invoice Stripe computed from `inv` (coupon terms expanded). */
export function project(inv: InvoiceInput, patch: (p: ProjectionInvoice) => void = () => {}): ProjectionInvoice {
  const r = computeInvoice(inv);
  const terms = new Map([...(inv.discounts ?? []), ...inv.lines.flatMap((l) => l.discounts ?? [])].map((d) => [d.id, d]));
  const termsOf = (id: string) => {
    const d = terms.get(id)!;
    return {
      couponId: d.couponId ?? `co_${id}`,
      percentOff: d.percentOff != null ? String(d.percentOff) : null,
      amountOff: d.percentOff == null ? BigInt(d.amountOff ?? 0) : null,
    };
  };
  const p: ProjectionInvoice = {
    currency: inv.currency,
    subtotal: r.subtotal,
    subtotalExcludingTax: r.subtotalExcludingTax,
    total: r.total,
    totalExcludingTax: r.totalExcludingTax,
    discounts: r.totalDiscountAmounts.map((d) => ({ discountId: d.discountId, ...termsOf(d.discountId), amount: d.amount })),
    taxes: r.totalTaxes.map((t) => ({
      taxRateId: t.taxRateId,
      displayName: null,
      percentage: t.percentage,
      inclusive: t.inclusive,
      amount: t.amount,
      taxableAmount: t.taxableAmount,
    })),
    lines: inv.lines.map((l, i) => ({
      stripeId: l.id,
      description: l.description ?? null,
      quantity: String(l.quantity ?? "1"),
      unitAmountDecimal: l.unitAmountDecimal != null ? String(l.unitAmountDecimal) : null,
      amount: r.lines[i].amount,
      priceId: l.priceId ?? null,
      productId: l.productId ?? null,
      periodStart: l.periodStart != null ? new Date(l.periodStart * 1000) : null,
      discounts: r.lines[i].discountAmounts.map((d) => ({ discountId: d.discountId, ...termsOf(d.discountId), scope: d.scope, amount: d.amount })),
      taxes: r.lines[i].taxes.map((t) => ({
        taxRateId: t.taxRateId,
        displayName: null,
        percentage: t.percentage,
        inclusive: t.inclusive,
        amount: t.amount,
        taxableAmount: t.taxableAmount,
      })),
    })),
  };
  patch(p);
  return p;
}

describe("the synced invoice as billing-math input", () => {
  it("reproduces Stripe's stored figures exactly, so an unedited recalculation shows no difference (property)", () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const p = project(inv);
        const input = invoiceInputFromProjection(p);
        const stored = storedInvoiceResult(p);
        const computed = computeInvoice(input);
        expect(computed.total).toBe(stored.total);
        expect(computed.subtotal).toBe(stored.subtotal);
        expect(computed.totalTax).toBe(stored.totalTax);
        expect(computed.totalDiscount).toBe(stored.totalDiscount);
        expect(computed.lines.map((l) => [l.amount, l.discountTotal, l.exclusiveTax + l.inclusiveTax, l.total])).toEqual(
          stored.lines.map((l) => [l.amount, l.discountTotal, l.exclusiveTax + l.inclusiveTax, l.total]),
        );
        const r = recalculate(input, [], { originalResult: stored });
        expect(r.changed).toBe(false);
        expect(r.totals.total.difference).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps line coupons on their line, invoice coupons at invoice level in order, and infers non-discountable lines", () => {
    const inv: InvoiceInput = {
      currency: "usd",
      lines: [
        { id: "il_a", quantity: "12", unitAmountDecimal: "1500", discounts: [{ id: "di_line", percentOff: "10" }] },
        { id: "il_b", quantity: "1", unitAmountDecimal: "4900", discountable: false },
        { id: "il_c", amount: 1000n },
      ],
      discounts: [
        { id: "di_fixed", amountOff: 500n },
        { id: "di_pct", percentOff: "12.5" },
      ],
      defaultTaxRates: [{ id: "txr_vat", percentage: "20", inclusive: false }],
    };
    const input = invoiceInputFromProjection(project(inv));
    expect(input.lines[0].discounts).toEqual([{ id: "di_line", couponId: "co_di_line", percentOff: "10" }]);
    expect(input.discounts!.map((d) => d.id)).toEqual(["di_fixed", "di_pct"]);
    expect(input.lines.map((l) => l.discountable)).toEqual([true, false, true]);
    expect(input.lines[2]).toMatchObject({ amount: 1000n });
    expect(input.lines[2].unitAmountDecimal).toBeUndefined();
    expect(input.lines[0].taxRates).toEqual([{ id: "txr_vat", percentage: "20", inclusive: false, displayName: null }]);
  });

  it("takes a coupon without synced terms as the amount Stripe applied", () => {
    const inv: InvoiceInput = {
      currency: "eur",
      lines: [
        { id: "il_a", quantity: "2", unitAmountDecimal: "1000" },
        { id: "il_b", quantity: "1", unitAmountDecimal: "3000" },
      ],
      discounts: [{ id: "di_x", percentOff: "10" }],
    };
    const p = project(inv, (x) => {
      for (const d of x.discounts) Object.assign(d, { percentOff: null, amountOff: null });
      for (const l of x.lines) for (const d of l.discounts) Object.assign(d, { percentOff: null, amountOff: null });
    });
    const input = invoiceInputFromProjection(p);
    expect(input.discounts).toEqual([{ id: "di_x", couponId: "co_di_x", amountOff: 500n }]);
    expect(recalculate(input, [], { originalResult: storedInvoiceResult(p) }).changed).toBe(false);
  });

  it("shows Stripe's own mistake as a difference before any edit (the original side is what was charged)", () => {
    // 12 × 15.00 billed as 190.00
    const p = project({ currency: "usd", lines: [{ id: "il_a", quantity: "12", unitAmountDecimal: "1500" }] }, (x) => {
      x.lines[0].amount = 19000n;
      x.subtotal = 19000n;
      x.total = 19000n;
      x.totalExcludingTax = 19000n;
      x.subtotalExcludingTax = 19000n;
    });
    const r = recalculate(invoiceInputFromProjection(p), [], { originalResult: storedInvoiceResult(p) });
    expect(r.totals.total).toEqual({ original: 19000n, recalculated: 18000n, difference: 1000n });
    expect(r.lines[0].status).toBe("changed");
  });

  it("keeps Stripe Tax's not-collected entries through an unedited recalculation, and after an edit", () => {
    // 10 seats at 50.00; VAT 19 % not collected (no registration): Stripe charged no tax
    const p = project({
      currency: "eur",
      lines: [
        {
          id: "il_a",
          quantity: "10",
          unitAmountDecimal: "5000",
          taxRates: [{ id: "txr_de", percentage: "19", inclusive: false }],
          taxability: [{ taxRateId: "txr_de", reason: "not_collecting", taxableAmount: 0 }],
        },
      ],
    });
    p.lines[0].taxes[0].taxabilityReason = "not_collecting";
    p.taxes[0].taxabilityReason = "not_collecting";
    expect(p.total).toBe(50000n);
    const input = invoiceInputFromProjection(p);
    const r = recalculate(input, [], { originalResult: storedInvoiceResult(p) });
    expect(r.changed).toBe(false);
    // 8 seats: still no tax on them
    const e = recalculate(input, [{ type: "set_quantity", lineId: "il_a", quantity: "8" }], { originalResult: storedInvoiceResult(p) });
    expect(e.totals.total).toEqual({ original: 50000n, recalculated: 40000n, difference: 10000n });
  });
});
