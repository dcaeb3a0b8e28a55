import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_APPROVAL_THRESHOLDS,
  loosenings,
  parseApprovalThresholds,
  replaceThresholds,
  storedApprovalThresholds,
  withoutThreshold,
  withThresholdInForce,
} from "./thresholds/approval-thresholds";
import { buildCreditNoteLines } from "./compose/build-credit-note-lines";
import { checkRefund, type RefundFacts } from "./limits/check-refund";
import { estimateCreditNote } from "./compose/estimate-credit-note";
import { correctionIdempotencyKey } from "./issue/idempotency-key";
import { prePaymentAmount } from "./compose/pre-payment-amount";
import { remainingCreditable } from "./limits/remaining-creditable";
import { requiresApproval } from "./approval/requires-approval";
import { canCorrectionTransition, correctionStatuses } from "./state-machine";
import { stripeParamsFor } from "./issue/stripe-params";
import { validateSplit } from "./compose/validate-split";

const il = (n: number, amount: bigint) => ({ id: `row${n}`, stripeId: `il_${n}`, description: `Line ${n}`, amount });

describe("buildCreditNoteLines", () => {
  const invoiceLines = [il(1, 12000n), il(2, 5000n), il(3, 2500n)];
  it("credits the amount difference on the invoice line, by Settle or Stripe id", () => {
    const r = buildCreditNoteLines({
      mode: "invoice_line",
      invoiceLines,
      lines: [
        { lineId: "row1", amountDifference: 2000n, totalDifference: 2380n },
        { lineId: "il_2", amountDifference: 0n, totalDifference: 0n },
      ],
    });
    expect(r.lines).toEqual([{ type: "invoice_line_item", invoice_line_item: "il_1", amount: "2000", description: "Line 1" }]);
    expect(r.skipped).toEqual([]);
  });
  it("a tax-only fix becomes a custom line of the total difference; undercharges and unknown lines are skipped", () => {
    const r = buildCreditNoteLines({
      mode: "invoice_line",
      invoiceLines,
      lines: [
        { lineId: "row2", amountDifference: 0n, totalDifference: 450n },
        { lineId: "row3", amountDifference: -500n, totalDifference: -500n },
        { lineId: "row9", amountDifference: 5n, totalDifference: 5n },
      ],
    });
    expect(r.lines).toEqual([{ type: "custom_line_item", description: "Correction: Line 2", quantity: 1, unit_amount: "450" }]);
    expect(r.skipped).toEqual([
      { lineId: "row3", reason: "undercharged" },
      { lineId: "row9", reason: "unknown_line" },
    ]);
  });
  it("a moved plan change: the debit's overcharge is credited less its credit line's undercharge (the change's net difference)", () => {
    const change = "si_1|1772323200000|1775001600000";
    const lines = [{ ...il(1, 11032n), changeKey: change }, { ...il(2, -9194n), changeKey: change }, il(3, 5000n)];
    const recalculated = [
      { lineId: "row1", amountDifference: 4064n, totalDifference: 4064n }, // +110.32 → +69.68
      { lineId: "row2", amountDifference: -3388n, totalDifference: -3388n }, // −91.94 → −58.06
      { lineId: "row3", amountDifference: 0n, totalDifference: 0n },
    ];
    const r = buildCreditNoteLines({ mode: "invoice_line", invoiceLines: lines, lines: recalculated });
    expect(r.lines).toEqual([{ type: "invoice_line_item", invoice_line_item: "il_1", amount: "676", description: "Line 1" }]);
    expect(r.skipped).toEqual([{ lineId: "row2", reason: "undercharged" }]);
    // an undercharge outside the change (no change key) still offsets nothing
    const other = buildCreditNoteLines({ mode: "invoice_line", invoiceLines: [lines[0], il(2, -9194n)], lines: recalculated.slice(0, 2) });
    expect(other.lines).toEqual([{ type: "invoice_line_item", invoice_line_item: "il_1", amount: "4064", description: "Line 1" }]);
  });
  it("custom mode uses the total difference of every overcharged line", () => {
    const r = buildCreditNoteLines({ mode: "custom", invoiceLines, lines: [{ lineId: "row1", amountDifference: 2000n, totalDifference: 2380n }] });
    expect(r.lines).toEqual([{ type: "custom_line_item", description: "Correction: Line 1", quantity: 1, unit_amount: "2380" }]);
  });
  it("never credits more than the invoice line (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (lineAmount, diff) => {
        const r = buildCreditNoteLines({
          mode: "invoice_line",
          invoiceLines: [il(1, lineAmount)],
          lines: [{ lineId: "row1", amountDifference: diff, totalDifference: diff }],
        });
        const l = r.lines[0];
        return l.type === "invoice_line_item" && BigInt(l.amount) <= lineAmount && BigInt(l.amount) > 0n;
      }),
    );
  });
});

describe("estimateCreditNote", () => {
  it("takes the line's discount pro rata and its exclusive tax on the rest (hand-worked)", () => {
    // line 12000 with 1200 discount and 19% VAT; credit 2000 → discount 200, tax 19% of 1800 = 342
    const e = estimateCreditNote({
      currency: "usd",
      invoiceLines: [{ stripeId: "il_1", amount: 12000n, discountTotal: 1200n, taxes: [{ percentage: "19", inclusive: false }] }],
      lines: [
        { type: "invoice_line_item", invoice_line_item: "il_1", amount: "2000" },
        { type: "custom_line_item", description: "x", quantity: 1, unit_amount: "150" },
      ],
    });
    expect(e).toEqual({ subtotal: 2150n, discount: 200n, tax: 342n, total: 2292n });
  });
  it("like Stripe's credit note subtotal, the item discounts' share is inside the subtotal; the total does not change", () => {
    // line 1900 with its own 50 % coupon (950); credit the whole line → subtotal 950, discount 950, total 950
    const e = estimateCreditNote({
      currency: "usd",
      invoiceLines: [{ stripeId: "il_1", amount: 1900n, discountTotal: 950n, itemDiscount: 950n, taxes: [] }],
      lines: [{ type: "invoice_line_item", invoice_line_item: "il_1", amount: "1900" }],
    });
    expect(e).toEqual({ subtotal: 950n, discount: 950n, tax: 0n, total: 950n });
  });
  it("inclusive tax does not add to the total; KWD rounds to the step of 10", () => {
    const e = estimateCreditNote({
      currency: "kwd",
      invoiceLines: [
        {
          stripeId: "il_1",
          amount: 10000n,
          discountTotal: 0n,
          taxes: [
            { percentage: "10", inclusive: true },
            { percentage: "5", inclusive: false },
          ],
        },
      ],
      lines: [{ type: "invoice_line_item", invoice_line_item: "il_1", amount: "1230" }],
    });
    expect(e.total).toBe(1230n + 60n); // 5% of 1230 = 61.5 → 60 on the step of 10
  });
});

describe("prePaymentAmount and validateSplit", () => {
  it("an open invoice absorbs up to its amount remaining; a paid one nothing", () => {
    expect(prePaymentAmount({ invoiceStatus: "OPEN", amountRemaining: 500n, total: 800n })).toBe(500n);
    expect(prePaymentAmount({ invoiceStatus: "OPEN", amountRemaining: 5000n, total: 800n })).toBe(800n);
    expect(prePaymentAmount({ invoiceStatus: "PAID", amountRemaining: 0n, total: 800n })).toBe(0n);
  });
  it("the parts must equal the post-payment amount exactly", () => {
    const ok = validateSplit({ currency: "usd", total: 1000n, prePayment: 0n, split: { refund: 600n, credit: 300n, outOfBand: 100n } });
    expect(ok).toEqual({});
    expect(validateSplit({ currency: "usd", total: 1000n, prePayment: 0n, split: { refund: 600n, credit: 300n, outOfBand: 99n } })).toEqual({
      split: "desk.corrections.err.splitSum",
    });
    expect(validateSplit({ currency: "usd", total: 1000n, prePayment: 1000n, split: { refund: 1n, credit: 0n, outOfBand: 0n } })).toEqual({
      split: "desk.corrections.err.splitNotNeeded",
    });
    expect(validateSplit({ currency: "usd", total: 1000n, prePayment: 0n, split: { refund: -1n, credit: 1001n, outOfBand: 0n } })).toEqual({
      refund: "desk.corrections.err.negative",
    });
    expect(validateSplit({ currency: "kwd", total: 1000n, prePayment: 0n, split: { refund: 995n, credit: 5n, outOfBand: 0n } })).toEqual({
      refund: "desk.corrections.err.step",
      credit: "desk.corrections.err.step",
    });
  });
  it("valid exactly when refund + credit + out of band = total − pre-payment (property)", () => {
    const amt = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(amt, amt, amt, amt, amt, (total, remaining, refund, credit, oob) => {
        const pre = prePaymentAmount({ invoiceStatus: "OPEN", amountRemaining: remaining, total });
        const errors = validateSplit({ currency: "usd", total, prePayment: pre, split: { refund, credit, outOfBand: oob } });
        return (Object.keys(errors).length === 0) === (refund + credit + oob === total - pre);
      }),
    );
  });
});

describe("remainingCreditable", () => {
  it("total − credit notes (not void) − refunds outside notes − in-flight corrections not yet projected", () => {
    const left = remainingCreditable({
      invoiceTotal: 11000n,
      creditNotes: [
        { stripeId: "cn_1", total: 2200n, status: "ISSUED" },
        { stripeId: "cn_2", total: 500n, status: "VOID" },
        { stripeId: "cn_3", total: 1000n, status: "ISSUED" },
      ],
      refunds: [
        { stripeId: "re_1", amount: 600n, status: "succeeded", creditNoteStripeId: "cn_3" },
        { stripeId: "re_2", amount: 150n, status: "succeeded", creditNoteStripeId: null },
        { stripeId: "re_3", amount: 99n, status: "failed", creditNoteStripeId: null },
      ],
      inFlight: [
        { kind: "credit_note", amountMinor: 1000n, stripeCreditNoteId: "cn_3", stripeRefundId: null },
        { kind: "credit_note", amountMinor: 300n, stripeCreditNoteId: null, stripeRefundId: null },
      ],
    });
    expect(left).toBe(11000n - 2200n - 1000n - 150n - 300n);
  });
  it("is never negative and never above the total (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { maxLength: 5 }), (total, notes) => {
        const left = remainingCreditable({
          invoiceTotal: total,
          creditNotes: notes.map((t, i) => ({ stripeId: `cn_${i}`, total: t, status: "ISSUED" })),
          refunds: [],
          inFlight: [],
        });
        return left >= 0n && left <= total && (left === 0n || left === total - notes.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});

describe("approval thresholds", () => {
  it("strictly above the currency's threshold needs approval; an unknown currency always does", () => {
    const thresholds = parseApprovalThresholds({ usd: "10000", xyz: "bad" });
    expect(requiresApproval({ amountMinor: 10000n, currency: "USD", thresholds })).toBe(false);
    expect(requiresApproval({ amountMinor: 10001n, currency: "usd", thresholds })).toBe(true);
    expect(requiresApproval({ amountMinor: 1n, currency: "thb", thresholds })).toBe(true);
    expect(thresholds.eur).toBe(DEFAULT_APPROVAL_THRESHOLDS.eur);
  });
  it("a malformed setting falls back to the defaults", () => {
    expect(parseApprovalThresholds("nonsense")).toEqual(DEFAULT_APPROVAL_THRESHOLDS);
  });
});

describe("state machine", () => {
  it("follows draft → pending → approved → submitting → issued | failed → submitting; issued → voided", () => {
    const path = [
      ["DRAFT", "PENDING_APPROVAL"],
      ["PENDING_APPROVAL", "APPROVED"],
      ["APPROVED", "SUBMITTING"],
      ["SUBMITTING", "FAILED"],
      ["FAILED", "SUBMITTING"],
      ["SUBMITTING", "ISSUED"],
      ["ISSUED", "VOIDED"],
      ["PENDING_APPROVAL", "REJECTED"],
      ["DRAFT", "APPROVED"],
    ] as const;
    for (const [a, b] of path) expect(canCorrectionTransition(a, b), `${a}→${b}`).toBe(true);
    for (const [a, b] of [
      ["ISSUED", "SUBMITTING"],
      ["APPROVED", "ISSUED"],
      ["DRAFT", "SUBMITTING"],
      ["REJECTED", "APPROVED"],
      ["VOIDED", "ISSUED"],
      ["PENDING_APPROVAL", "SUBMITTING"],
      ["FAILED", "APPROVED"],
    ] as const) {
      expect(canCorrectionTransition(a, b), `${a}→${b}`).toBe(false);
    }
  });
  it("final states have no way out, and nothing goes back to draft (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...correctionStatuses), (from) => {
        if (from === "REJECTED" || from === "VOIDED") return correctionStatuses.every((to) => !canCorrectionTransition(from, to));
        return !canCorrectionTransition(from, "DRAFT");
      }),
    );
  });
});

describe("stripe params and idempotency key", () => {
  const base = {
    id: "corr1",
    kind: "credit_note",
    amountMinor: 2292n,
    refundMinor: 1000n,
    creditMinor: 1292n,
    outOfBandMinor: 0n,
    memo: "Seats corrected",
    stripeReason: "order_change",
    chargeStripeId: null,
    lines: [
      { type: "invoice_line_item", invoice_line_item: "il_1", amount: "2000", description: "Line 1" },
      { type: "custom_line_item", description: "x", quantity: 1, unit_amount: "150" },
    ],
  };
  it("sends only the stored row's values, with the correction id in metadata", () => {
    expect(stripeParamsFor(base, "in_1")).toEqual({
      kind: "credit_note",
      params: {
        invoice: "in_1",
        reason: "order_change",
        memo: "Seats corrected",
        refund_amount: 1000,
        credit_amount: 1292,
        metadata: { correction_id: "corr1" },
        lines: [
          { type: "invoice_line_item", invoice_line_item: "il_1", amount: 2000 },
          { type: "custom_line_item", description: "x", quantity: 1, unit_amount: 150 },
        ],
      },
    });
    expect(stripeParamsFor({ ...base, kind: "refund", chargeStripeId: "ch_1", amountMinor: 500n }, "in_1")).toEqual({
      kind: "refund",
      params: { charge: "ch_1", amount: 500, reason: "duplicate", metadata: { correction_id: "corr1" } },
    });
  });
  it("derives the key from the correction id, a new one per definitive failure", () => {
    expect(correctionIdempotencyKey("corr1")).toBe("settle-correction-corr1");
    expect(correctionIdempotencyKey("corr1", 2)).toBe("settle-correction-corr1-g2");
  });
});

describe("parsing what staff typed and what the recalculation saved", () => {
  it("parseSplit: empty is zero, amounts in the invoice's currency, errors per field", async () => {
    const { parseSplit } = await import("./compose/parse-split");
    expect(parseSplit({ refund: "12.50", credit: "", outOfBand: "0" }, "usd")).toEqual({ split: { refund: 1250n, credit: 0n, outOfBand: 0n }, errors: {} });
    expect(parseSplit({ refund: "1.5", credit: "abc", outOfBand: "" }, "jpy").errors).toEqual({
      refund: "desk.corrections.err.amount_precision",
      credit: "desk.corrections.err.amount_format",
    });
  });
  it("recalculatedLines reads the saved per-line differences and ignores junk", async () => {
    const { recalculatedLines } = await import("./compose/recalculated-lines");
    expect(recalculatedLines({ lines: [{ lineId: "il_1", amount: { difference: "2000" }, total: { difference: "2380" } }, { nope: 1 }, null] })).toEqual([
      { lineId: "il_1", amountDifference: 2000n, totalDifference: 2380n },
    ]);
    expect(recalculatedLines(null)).toEqual([]);
  });
  it("defaultRootCause proposes a root cause for every dispute reason", async () => {
    const { defaultRootCause } = await import("./compose/default-root-cause");
    expect(defaultRootCause("WRONG_PRICE")).toBe("TARIFF_OR_DISCOUNT");
    expect(defaultRootCause("CHARGED_TWICE")).toBe("TECHNICAL_FAULT");
  });
});

describe("adding and removing approval thresholds", () => {
  it("a removed default stays removed (the currency then always needs approval); a removed added currency is simply gone", () => {
    const stored = storedApprovalThresholds({ nzd: "90000", USD: "100", bad: 1.5, xx: "1" });
    expect(stored).toEqual({ nzd: "90000", usd: "100" });
    const noUsd = withoutThreshold(stored, "USD");
    expect(noUsd).toEqual({ nzd: "90000", usd: null });
    const thresholds = parseApprovalThresholds(noUsd);
    expect(thresholds.usd).toBeUndefined();
    expect(requiresApproval({ amountMinor: 1n, currency: "usd", thresholds })).toBe(true);
    expect(thresholds.nzd).toBe(90000n);
    expect(withoutThreshold(noUsd, "nzd")).toEqual({ usd: null });
    expect(parseApprovalThresholds(withoutThreshold(noUsd, "nzd")).nzd).toBeUndefined();
  });

  it("the form's update keeps removed thresholds removed unless it sets them again", () => {
    expect(replaceThresholds({ usd: null, eur: "1", nzd: "5" }, { eur: "2" })).toEqual({ usd: null, eur: "2" });
    expect(replaceThresholds({ usd: null }, { usd: "7" })).toEqual({ usd: "7" });
  });
});

describe("which threshold changes need a second approver (loosenings)", () => {
  it("a raise and a new threshold loosen; lowering, keeping and removing do not", () => {
    expect(loosenings({ usd: 1000n, eur: 500n, gbp: 700n }, { usd: 2000n, eur: 400n, gbp: 700n, nzd: 1n })).toEqual([
      { currency: "nzd", from: null, to: 1n },
      { currency: "usd", from: 1000n, to: 2000n },
    ]);
    expect(loosenings({ usd: 1000n }, {})).toEqual([]);
  });

  it("holding every loosening back leaves nothing looser than before, whatever the form sent", () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 9n });
    const map = fc.dictionary(fc.constantFrom("usd", "eur", "gbp", "nzd", "jpy"), amount);
    fc.assert(
      fc.property(map, map, (before, after) => {
        const stored = Object.fromEntries(Object.entries(before).map(([c, v]) => [c, v.toString()]));
        const proposed = Object.fromEntries(Object.entries(after).map(([c, v]) => [c, v.toString()]));
        let value: Record<string, string | null> = replaceThresholds(stored, proposed);
        const inForce = parseApprovalThresholds(stored);
        for (const l of loosenings(inForce, parseApprovalThresholds(value))) value = withThresholdInForce(value, l.currency, l.from);
        expect(loosenings(inForce, parseApprovalThresholds(value))).toEqual([]);
      }),
    );
  });
});

describe("checkRefund (shared by createCorrection, the refund preview and issueCorrection)", () => {
  const facts = (over: Partial<RefundFacts> = {}): RefundFacts => ({
    disputeClosed: false,
    charge: { amount: 7140n, amountRefunded: 0n, currency: "usd" },
    openChargeback: false,
    refunds: [],
    others: [],
    ...over,
  });
  it("the remainder is the charge minus what is refunded and what other corrections hold", () => {
    const r = checkRefund(facts({ others: [{ id: "c1", status: "PENDING_APPROVAL", amountMinor: 1000n, stripeRefundId: null }] }), "20.00");
    expect(r).toMatchObject({ errors: {}, refunded: 0n, inFlightTotal: 1000n, refundable: 6140n, amount: 2000n, remainderAfter: 4140n });
    expect(r.inFlight).toEqual([{ id: "c1", status: "PENDING_APPROVAL", amountMinor: 1000n }]);
    expect(checkRefund(facts({ others: [{ id: "c1", status: "SUBMITTING", amountMinor: 1000n, stripeRefundId: "re_1" }] }), "61.41").errors).toEqual({
      amount: "desk.corrections.err.overRefundable",
    });
    expect(checkRefund(facts(), "71.40").remainderAfter).toBe(0n);
  });
  it("a synced refund counts once: by the larger of amount_refunded and the synced refunds, its correction no longer in flight", () => {
    const synced = {
      refunds: [
        { stripeId: "re_1", amount: 1000n, status: "succeeded" },
        { stripeId: "re_2", amount: 500n, status: "failed" },
      ],
      others: [{ id: "c1", status: "ISSUED", amountMinor: 1000n, stripeRefundId: "re_1" }],
    };
    expect(checkRefund(facts(synced), "1").refundable).toBe(6140n);
    expect(checkRefund(facts({ ...synced, charge: { amount: 7140n, amountRefunded: 1500n, currency: "usd" } }), "1").refundable).toBe(5640n);
  });
  it("every reason to refuse is reported; amounts are parsed in the charge's currency", () => {
    expect(checkRefund(facts({ disputeClosed: true, openChargeback: true }), "80").errors).toEqual({
      form: "desk.corrections.err.disputeClosed",
      chargeStripeId: "desk.corrections.err.chargeback",
      amount: "desk.corrections.err.overRefundable",
    });
    expect(checkRefund(facts({ charge: null }), "1").errors).toEqual({ chargeStripeId: "desk.corrections.err.charge" });
    expect(checkRefund(facts({ charge: { amount: 5000n, amountRefunded: 0n, currency: "jpy" } }), "12.5").errors).toEqual({
      amount: "desk.corrections.err.amount_precision",
    });
    expect(checkRefund(facts({ charge: { amount: 5000n, amountRefunded: 0n, currency: "kwd" } }), "1.001").errors).toEqual({
      amount: "desk.corrections.err.amount_step",
    });
    expect(checkRefund(facts(), "").errors).toEqual({ amount: "desk.corrections.err.amount_empty" });
    expect(checkRefund(facts(), "0").errors).toEqual({ amount: "desk.corrections.err.amount_zero" });
    // the preview before an amount is typed
    expect(checkRefund(facts(), "", { amountOptional: true })).toMatchObject({ errors: {}, amount: null, remainderAfter: null, refundable: 7140n });
  });
  it("at issue the correction's own minor units are checked, not re-parsed", () => {
    expect(checkRefund(facts(), 7140n)).toMatchObject({ errors: {}, amount: 7140n, remainderAfter: 0n });
    expect(checkRefund(facts({ others: [{ id: "c1", status: "SUBMITTING", amountMinor: 1n, stripeRefundId: null }] }), 7140n).errors).toEqual({
      amount: "desk.corrections.err.overRefundable",
    });
  });
});
