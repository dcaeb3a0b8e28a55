// proration_credit and metered_usage_mismatch.
import { describe, expect, it } from "vitest";
import { T0, at, line, withInvoice } from "../testing/context";
import { meteredUsageMismatch, meterWindows } from "./metered-usage";
import { prorationCredit } from "./proration-credit";
import { runRules } from "./index";
import type { AuditContext, AuditCreditProration, AuditCreditedLine, AuditLine, AuditMeterUsage } from "../types";

const DAY = 24 * 60; // minutes
const MAR_END = at(31 * DAY); // the item's period: 1 Mar – 1 Apr
const MID = at(15 * DAY); // the change: 16 Mar, 0:00 (16 of 31 days left)

// The March line that charged 10 seats × 12.00 = 120.00 for 1 Mar – 1 Apr, on an earlier invoice.
function charged(over: Partial<AuditCreditedLine> = {}): AuditCreditedLine {
  return { stripeId: "il_charge", invoiceStripeId: "in_0", amount: 12000n, periodStart: T0, periodEnd: MAR_END, subscriptionItemId: "si_1", ...over };
}
// Stripe's credit for the unused 16/31 of it: −120.00 × 16/31 = −61.94 (rounded half up of 6193.5…)
function credit(over: Partial<AuditLine> = {}): AuditLine {
  return line({
    stripeId: "il_credit",
    amount: -6194n,
    quantity: "10",
    unitAmountDecimal: "-619.4",
    proration: true,
    periodStart: MID,
    periodEnd: MAR_END,
    subscriptionItemId: "si_1",
    creditedItems: { invoice: "in_0", lines: ["il_charge"] },
    taxes: [],
    ...over,
  });
}
function other(over: Partial<AuditCreditProration> = {}): AuditCreditProration {
  return {
    stripeId: "il_credit_0",
    invoiceStripeId: "in_prev",
    invoiceCreated: at(-60),
    position: 0,
    amount: -6194n,
    periodStart: MID,
    periodEnd: MAR_END,
    creditedLines: ["il_charge"],
    ...over,
  };
}
function ctxWith(lines: AuditLine[], credits: Partial<NonNullable<AuditContext["credits"]>> = {}): AuditContext {
  return withInvoice({ lines }, { credits: { creditedLines: [charged()], projectedInvoices: ["in_0"], creditProrations: [], ...credits }, subscriptions: [] });
}

describe("proration_credit", () => {
  it("accepts Stripe's credit for the unused time of the line it names, and a credit rounded one step up", () => {
    expect(prorationCredit(ctxWith([credit()]))).toEqual([]);
    expect(prorationCredit(ctxWith([credit({ amount: -6195n })]))).toEqual([]);
  });
  it("over_credit: more than the credited line charged for the credit's time", () => {
    // the whole month credited back though only 16 of 31 days were left
    const [f, ...rest] = prorationCredit(ctxWith([credit({ amount: -12000n })]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "proration_credit", fingerprint: "proration_credit:il_credit", severity: "MEDIUM", amountAtStakeMinor: 12000n - 6194n });
    expect(f.evidence).toMatchObject({ kind: "over_credit", credited: 12000n, chargedForPeriod: 6194n, creditedLines: ["il_charge"] });
    expect(f.suggestion).toMatchObject({ edits: [{ type: "set_amount", lineId: "il_credit", amount: -6194n }], differenceMinor: 12000n - 6194n });
  });
  it("double_credit: a line's time credited by an earlier credit proration is credited again", () => {
    const [f] = prorationCredit(ctxWith([credit()], { creditProrations: [other()] }));
    expect(f.evidence).toMatchObject({ kind: "double_credit", earlierCredit: { creditLine: "il_credit_0", invoice: "in_prev" } });
    expect(f.amountAtStakeMinor).toBe(6194n);
    // the earlier one is not accused when its own invoice is audited (the later credit is the second)
    const earlierCtx = ctxWith([credit({ stripeId: "il_credit_0" })], {
      creditProrations: [other({ stripeId: "il_credit", invoiceStripeId: "in_later", invoiceCreated: at(600) })],
    });
    expect(prorationCredit(earlierCtx)).toEqual([]);
    // two credits on one invoice: the second by position
    const both = ctxWith([credit({ stripeId: "il_c1", position: 0 }), credit({ stripeId: "il_c2", position: 1 })]);
    expect(prorationCredit(both).map((x) => x.fingerprint)).toEqual(["proration_credit:il_c2"]);
  });
  it("a later credit for time not yet credited is fine (a second change credits the remaining days once)", () => {
    // first credit for 1–8 Mar only (an odd case, but its time does not overlap the second's)
    const early = other({ periodStart: T0, periodEnd: at(7 * DAY), amount: -2710n });
    expect(prorationCredit(ctxWith([credit()], { creditProrations: [early] }))).toEqual([]);
  });
  it("never_charged: a credited line missing from its projected invoice, a zero (trial) line, another item's line", () => {
    const missing = prorationCredit(ctxWith([credit({ creditedItems: { invoice: "in_0", lines: ["il_nope"] } })]));
    expect(missing[0]?.evidence).toMatchObject({ kind: "never_charged" });
    expect(missing[0]?.amountAtStakeMinor).toBe(6194n);
    const trial = prorationCredit(ctxWith([credit()], { creditedLines: [charged({ amount: 0n })] }));
    expect(trial[0]?.evidence).toMatchObject({ kind: "never_charged", chargedForPeriod: 0n });
    const otherItem = prorationCredit(ctxWith([credit()], { creditedLines: [charged({ subscriptionItemId: "si_2" })] }));
    expect(otherItem[0]?.evidence).toMatchObject({ kind: "never_charged" });
    // the credited invoice is not projected: a sync gap, not this rule's call
    expect(prorationCredit(ctxWith([credit({ creditedItems: { invoice: "in_x", lines: ["il_nope"] } })]))).toEqual([]);
  });
  it("stays silent on debits, credits without credited_items, void invoices and when credits were not loaded", () => {
    expect(prorationCredit(ctxWith([credit({ amount: 6194n })]))).toEqual([]);
    expect(prorationCredit(ctxWith([credit({ amount: -12000n, creditedItems: null })]))).toEqual([]);
    expect(
      prorationCredit({ ...ctxWith([credit({ amount: -12000n })]), invoice: { ...ctxWith([]).invoice, status: "VOID", lines: [credit({ amount: -12000n })] } }),
    ).toEqual([]);
    expect(prorationCredit(withInvoice({ lines: [credit({ amount: -12000n })] }))).toEqual([]);
  });
});

describe("metered_usage_mismatch", () => {
  const metered = (over: Partial<AuditLine> = {}) =>
    line({ stripeId: "il_usage", meterId: "mtr_1", quantity: "1500", unitAmountDecimal: "2", amount: 3000n, taxes: [], ...over });
  const usage = (over: Partial<AuditMeterUsage> = {}): AuditMeterUsage => ({
    meterId: "mtr_1",
    start: T0,
    end: at(DAY * 31),
    value: "1500",
    formula: "sum",
    ...over,
  });
  const ctx = (l: AuditLine, u: AuditMeterUsage[]) => withInvoice({ lines: [l] }, { meterUsage: u });

  it("accepts a line billing the meter's total for its period", () => {
    expect(meteredUsageMismatch(ctx(metered(), [usage()]))).toEqual([]);
  });
  it("fires when the billed usage differs, HIGH above the meter, with the price's difference at stake", () => {
    const [f] = meteredUsageMismatch(ctx(metered(), [usage({ value: "1200" })]));
    expect(f).toMatchObject({ rule: "metered_usage_mismatch", fingerprint: "metered_usage_mismatch:il_usage", severity: "HIGH", amountAtStakeMinor: 600n });
    expect(f.evidence).toMatchObject({ billedQuantity: "1500", meterQuantity: "1200", meter: "mtr_1", expected: 2400n });
    expect(f.suggestion).toMatchObject({ edits: [{ type: "set_quantity", lineId: "il_usage", quantity: "1200" }], differenceMinor: 600n });
    expect(meteredUsageMismatch(ctx(metered(), [usage({ value: "1600" })]))[0]).toMatchObject({ severity: "MEDIUM", amountAtStakeMinor: 200n });
  });
  it("needs the summary of the line's own meter and window; stays silent on unknown totals and non-metered lines", () => {
    expect(meteredUsageMismatch(ctx(metered(), [usage({ value: "1", meterId: "mtr_2" })]))).toEqual([]);
    expect(meteredUsageMismatch(ctx(metered(), [usage({ value: "1", end: at(DAY * 30) })]))).toEqual([]);
    expect(meteredUsageMismatch(ctx(metered({ meterId: null }), [usage({ value: "1" })]))).toEqual([]);
    expect(meteredUsageMismatch(withInvoice({ lines: [metered()] }))).toEqual([]);
  });
  it("an unaligned period is judged against its outer and inner minute windows (sum: between them is fine)", () => {
    const s = new Date(T0.getTime() + 30_000); // 00:00:30
    const e = new Date(at(DAY * 31).getTime() + 30_000);
    const w = meterWindows(s, e);
    expect(w.outer).toEqual([T0.getTime(), at(DAY * 31 + 1).getTime()]);
    expect(w.inner).toEqual([at(1).getTime(), at(DAY * 31).getTime()]);
    const windows = [usage({ start: T0, end: at(DAY * 31 + 1), value: "1510" }), usage({ start: at(1), end: at(DAY * 31), value: "1490" })];
    const l = metered({ periodStart: s, periodEnd: e });
    expect(meteredUsageMismatch(ctx(l, windows))).toEqual([]);
    expect(meteredUsageMismatch(ctx({ ...l, quantity: "1600", amount: 3200n }, windows))[0]?.evidence).toMatchObject({ meterQuantity: "1510" });
    expect(meteredUsageMismatch(ctx({ ...l, quantity: "1400", amount: 2800n }, windows))[0]?.evidence).toMatchObject({ meterQuantity: "1490" });
    // "last": only when both windows agree
    const last = windows.map((u) => ({ ...u, formula: "last" }));
    expect(meteredUsageMismatch(ctx({ ...l, quantity: "7", amount: 14n }, last))).toEqual([]);
    const agree = last.map((u) => ({ ...u, value: "9" }));
    expect(meteredUsageMismatch(ctx({ ...l, quantity: "7", amount: 14n }, agree))[0]?.evidence).toMatchObject({ meterQuantity: "9" });
  });
});

describe("all rules with a clean proration credit and a clean metered line", () => {
  it("find nothing", () => {
    const clean = withInvoice(
      { lines: [credit({ taxes: [] })] },
      { credits: { creditedLines: [charged()], projectedInvoices: ["in_0"], creditProrations: [] } },
    );
    const found = runRules(clean).filter((f) => f.rule === "proration_credit" || f.rule === "metered_usage_mismatch");
    expect(found).toEqual([]);
  });
});
