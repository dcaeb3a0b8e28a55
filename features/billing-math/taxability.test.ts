import { describe, expect, it } from "vitest";
import { computeInvoice } from "./compute-invoice";
import { TAXABILITY_REASONS, isNotCollected, taxForEntry, taxabilityKind } from "./taxability";
import { verifyInvoice } from "./verify-invoice";
import type { StripeInvoiceLike } from "./from-stripe-invoice";

const p = (n: bigint, d = 1n) => ({ n, d });

describe("taxability reasons", () => {
  it("knows every reason Stripe documents, by kind", () => {
    const zero = [
      "not_collecting",
      "customer_exempt",
      "product_exempt",
      "product_exempt_holiday",
      "reverse_charge",
      "zero_rated",
      "not_subject_to_tax",
      "not_supported",
      "not_available",
      "excluded_territory",
      "jurisdiction_unsupported",
    ];
    const portion = ["portion_product_exempt", "portion_reduced_rated", "portion_standard_rated", "proportionally_rated", "taxable_basis_reduced", "proration"];
    const full = ["standard_rated", "reduced_rated"];
    for (const r of zero) expect([r, taxabilityKind(r)]).toEqual([r, "zero"]);
    for (const r of portion) expect([r, taxabilityKind(r)]).toEqual([r, "portion"]);
    for (const r of full) expect([r, taxabilityKind(r)]).toEqual([r, "full"]);
    expect(Object.keys(TAXABILITY_REASONS).sort()).toEqual([...zero, ...portion, ...full].sort());
    // Manual tax rates carry no reason: the whole line. A reason Stripe adds later: its own taxable amount.
    expect(taxabilityKind(null)).toBe("full");
    expect(taxabilityKind("some_future_reason")).toBe("portion");
    expect(isNotCollected("reverse_charge")).toBe(true);
    expect(isNotCollected("standard_rated")).toBe(false);
  });

  it("full: the rate on the whole line; zero: nothing, whatever the rate; portion: the rate on the entry's taxable amount", () => {
    const base = 10000n;
    expect(taxForEntry({ reason: "standard_rated", p: p(19n), inclusive: false, base, taxableAmount: 10000n, step: 1n })).toEqual({
      kind: "full",
      amount: 1900n,
      taxableAmount: 10000n,
    });
    // 10000 × 19 / 119 = 1596.6 → 1597 contained in an inclusive price
    expect(taxForEntry({ reason: "standard_rated", p: p(19n), inclusive: true, base, taxableAmount: 8403n, step: 1n }).amount).toBe(1597n);
    expect(taxForEntry({ reason: "not_collecting", p: p(19n), inclusive: false, base, taxableAmount: 0n, step: 1n })).toEqual({
      kind: "zero",
      amount: 0n,
      taxableAmount: 0n,
    });
    expect(taxForEntry({ reason: "reverse_charge", p: p(19n), inclusive: false, base, taxableAmount: 10000n, step: 1n })).toEqual({
      kind: "zero",
      amount: 0n,
      taxableAmount: 10000n,
    });
    expect(taxForEntry({ reason: "customer_exempt", p: p(8875n, 1000n), inclusive: true, base, taxableAmount: null, step: 1n })).toEqual({
      kind: "zero",
      amount: 0n,
      taxableAmount: 0n,
    });
    // 40 % of the line taxable at 8.875 %: 4000 × 0.08875 = 355
    expect(taxForEntry({ reason: "portion_standard_rated", p: p(8875n, 1000n), inclusive: false, base, taxableAmount: 4000n, step: 1n })).toEqual({
      kind: "portion",
      amount: 355n,
      taxableAmount: 4000n,
    });
    // KWD: to the step of 10 (3,333 × 5 % = 166.65 → 170)
    expect(taxForEntry({ reason: "portion_reduced_rated", p: p(5n), inclusive: false, base, taxableAmount: 3333n, step: 10n }).amount).toBe(170n);
  });

  it("several rates on one line, each by its own reason, exclusive and inclusive", () => {
    const r = computeInvoice({
      currency: "usd",
      lines: [
        {
          id: "il_x",
          amount: 10000n,
          taxRates: [
            { id: "txr_state", percentage: "6", inclusive: false },
            { id: "txr_city", percentage: "2.5", inclusive: false },
            { id: "txr_dist", percentage: "1", inclusive: false },
          ],
          taxability: [
            { taxRateId: "txr_state", reason: "standard_rated", taxableAmount: 10000 },
            { taxRateId: "txr_city", reason: "not_collecting", taxableAmount: 0 },
            { taxRateId: "txr_dist", reason: "portion_standard_rated", taxableAmount: 4000 },
          ],
        },
        {
          id: "il_incl",
          amount: 11900n,
          taxRates: [
            { id: "txr_vat", percentage: "19", inclusive: true },
            { id: "txr_reg", percentage: "5", inclusive: true },
          ],
          taxability: [
            { taxRateId: "txr_vat", reason: "standard_rated", taxableAmount: 10000 },
            { taxRateId: "txr_reg", reason: "customer_exempt", taxableAmount: 0 },
          ],
        },
      ],
    });
    expect(r.lines[0].taxes.map((t) => [t.taxRateId, t.amount, t.taxableAmount, t.taxabilityReason])).toEqual([
      ["txr_state", 600n, 10000n, "standard_rated"],
      ["txr_city", 0n, 0n, "not_collecting"],
      ["txr_dist", 40n, 4000n, "portion_standard_rated"],
    ]);
    // 11900 × 19 / 119 = 1900 contained; the exempt rate adds nothing and is not netted out
    expect(r.lines[1].taxes.map((t) => [t.taxRateId, t.amount, t.taxableAmount])).toEqual([
      ["txr_vat", 1900n, 10000n],
      ["txr_reg", 0n, 0n],
    ]);
    expect(r.total).toBe(10000n + 640n + 11900n);
    expect(r.totalTax).toBe(640n + 1900n);
  });

  it("a Stripe Tax invoice at the pinned API version with not_collecting on a non-zero rate is clean (it was a HIGH finding)", () => {
    const rate = { id: "txr_de", percentage: 19, inclusive: false, display_name: "VAT" };
    const entry = (reason: string, amount: number, taxable: number) => ({
      amount,
      tax_behavior: "exclusive",
      taxability_reason: reason,
      taxable_amount: taxable,
      type: "tax_rate_details",
      tax_rate_details: { tax_rate: rate },
    });
    const inv: StripeInvoiceLike = {
      id: "in_nc",
      currency: "eur",
      lines: {
        data: [
          {
            id: "il_1",
            amount: 5000,
            quantity: 1,
            pricing: { unit_amount_decimal: "5000" },
            discounts: [],
            discount_amounts: [],
            taxes: [entry("not_collecting", 0, 0)],
          },
        ],
        has_more: false,
      },
      subtotal: 5000,
      subtotal_excluding_tax: 5000,
      total: 5000,
      total_excluding_tax: 5000,
      total_discount_amounts: [],
      total_taxes: [entry("not_collecting", 0, 0)],
      amount_due: 5000,
      amount_paid: 5000,
      amount_remaining: 0,
    };
    expect(verifyInvoice(inv)).toEqual([]);
    // A reverse charge reports the whole line as taxable and no tax.
    const rc = structuredClone(inv);
    rc.lines!.data[0].taxes = [entry("reverse_charge", 0, 5000)];
    rc.total_taxes = [entry("reverse_charge", 0, 5000)];
    expect(verifyInvoice(rc)).toEqual([]);
    // Collected tax where the reason says none was due is still found.
    const wrong = structuredClone(inv);
    wrong.lines!.data[0].taxes = [entry("not_collecting", 950, 0)];
    wrong.total_taxes = [entry("not_collecting", 950, 0)];
    wrong.total = 5950;
    wrong.amount_due = wrong.amount_paid = 5950;
    wrong.total_excluding_tax = 5000;
    expect(verifyInvoice(wrong).map((m) => m.field)).toEqual(["lines[il_1].taxes[txr_de].amount", "total_taxes[txr_de].amount", "total"]);
  });
});
