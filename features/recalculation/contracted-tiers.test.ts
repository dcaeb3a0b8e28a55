// "Apply the contracted tariff" with a tiered contract: the suggestion names the lines the tiers
// reprice, the draft carries the tariff's id (never the tiers), and the edits price each line
// through the tiers the server loaded; proration lines' tiered amounts are prorated.
import { describe, expect, it } from "vitest";
import { recalculate, type InvoiceInput } from "@/features/billing-math";
import { context, line, tariff, withInvoice } from "@/features/billing-audit/testing/context";
import type { AuditTariff } from "@/features/billing-audit/types";
import { contractedTariff } from "./contracted-tariff";
import { applyTariffToDraft, draftFromInput, draftSchema, editsFromDraft } from "./draft";
import { invoiceInputFromProjection, type ProjectionInvoice, type ProjectionLine } from "./from-projection";

const tiers = (first: string, rest: string) => [
  { upTo: 10, unitAmountDecimal: first },
  { upTo: "inf" as const, unitAmountDecimal: rest },
];
const tieredTariff = (over: Partial<AuditTariff> = {}) =>
  tariff({ unitAmountDecimal: null, tiered: { tiersMode: "graduated", tiers: tiers("1500", "1200") }, ...over });

const T0 = Math.floor(new Date("2026-03-01T00:00:00Z").getTime() / 1000);
const seatsInput = (amount: { unitAmountDecimal: string } | { amount: bigint }): InvoiceInput => ({
  currency: "usd",
  lines: [{ id: "il_1", quantity: "12", ...amount, priceId: "price_seats", productId: "prod_seats", periodStart: T0 }],
});

describe("a tiered contract, applied in one click", () => {
  it("reprices a line billed 12 × 15.00 through the contracted tiers: 10 × 15.00 + 2 × 12.00", () => {
    const input = seatsInput({ unitAmountDecimal: "1500" });
    const ctx = withInvoice({ lines: [line({ quantity: "12", unitAmountDecimal: "1500", amount: 18000n })] }, { tariffs: [tieredTariff()] });
    const suggestion = contractedTariff(ctx, input)!;
    expect(suggestion.lines).toEqual([
      { lineId: "il_1", unitAmountDecimal: null, tiered: { tariffId: "tar_1", tiersMode: "graduated", tiers: tiers("1500", "1200") }, discounts: [] },
    ]);
    const draft = applyTariffToDraft(draftFromInput(input), suggestion, "usd");
    expect(draft.lines[0]).toMatchObject({ unitAmount: "", contractTiers: "tar_1" });
    const edits = editsFromDraft(draftSchema("usd").parse(draft), input, suggestion);
    expect(edits).toEqual({
      ok: true,
      edits: [{ type: "set_tiered_price", lineId: "il_1", tiered: { tiersMode: "graduated", tiers: tiers("1500", "1200") } }],
    });
    expect(recalculate(input, edits.ok ? edits.edits : []).lines[0].amount).toEqual({ original: 18000n, recalculated: 17400n, difference: 600n });
  });

  it("suggests nothing for a line already billed as the tiers give, and sets a contracted quantity through them", () => {
    const input = seatsInput({ amount: 17400n });
    const ctx = withInvoice({ lines: [line({ quantity: "12", unitAmountDecimal: null, amount: 17400n })] }, { tariffs: [tieredTariff()] });
    expect(contractedTariff(ctx, input)).toEqual({ lines: [], invoiceDiscounts: [] });
    const ten = contractedTariff(withInvoice(ctx.invoice, { tariffs: [tieredTariff({ quantity: "10" })] }), input)!;
    expect(ten.lines[0]).toMatchObject({ quantity: "10", tiered: { tariffId: "tar_1" } });
    const edits = editsFromDraft(draftSchema("usd").parse(applyTariffToDraft(draftFromInput(input), ten, "usd")), input, ten);
    expect(recalculate(input, edits.ok ? edits.edits : []).recalculated.lines[0].amount).toBe(15000n);
  });

  it("without the invoice's inputs (or for a fractional quantity) a tiered contract suggests nothing rather than guess", () => {
    const ctx = withInvoice({ lines: [line({ quantity: "12", unitAmountDecimal: "1500", amount: 18000n })] }, { tariffs: [tieredTariff()] });
    expect(contractedTariff(ctx)!.lines).toEqual([]);
    const half: InvoiceInput = { currency: "usd", lines: [{ ...seatsInput({ unitAmountDecimal: "1500" }).lines[0], quantity: "1.5" }] };
    expect(contractedTariff(withInvoice({ lines: [line({ quantity: "1.5", amount: 2250n })] }, { tariffs: [tieredTariff()] }), half)!.lines).toEqual([]);
  });

  it("the tiers come from the contract loaded with the page: a draft naming another tariff, or none loaded, is stale", () => {
    const input = seatsInput({ unitAmountDecimal: "1500" });
    const suggestion = contractedTariff(
      withInvoice({ lines: [line({ quantity: "12", amount: 18000n, unitAmountDecimal: "1500" })] }, { tariffs: [tieredTariff()] }),
      input,
    )!;
    const draft = draftSchema("usd").parse(applyTariffToDraft(draftFromInput(input), suggestion, "usd"));
    const forged = { ...draft, lines: [{ ...draft.lines[0], contractTiers: "tar_other" }] };
    expect(editsFromDraft(forged, input, suggestion)).toEqual({ ok: false, fields: { "lines.0.unitAmount": "desk.recalc.err.stale" } });
    expect(editsFromDraft(draft, input, null)).toEqual({ ok: false, fields: { "lines.0.unitAmount": "desk.recalc.err.stale" } });
    // a unit amount typed over the contracted tiers wins
    const typed = { ...draft, lines: [{ ...draft.lines[0], unitAmount: "13.00" }] };
    expect(editsFromDraft(typed, input, suggestion)).toEqual({ ok: true, edits: [{ type: "set_unit_amount", lineId: "il_1", unitAmountDecimal: "1300" }] });
  });
});

describe("a tiered contract on a seat change's proration lines", () => {
  // 10 → 12 seats on 13 Mar (19 of 31 days left), billed on the per-unit 15.00 price:
  // −9194 and +11032. The contract: 1–10 at 14.00, 11 and up at 10.00 (graduated).
  const DAY = 86_400;
  const MAR1 = Date.UTC(2026, 2, 1) / 1000;
  const APR1 = Date.UTC(2026, 3, 1) / 1000;
  const T = MAR1 + 12 * DAY;
  const team = {
    id: "price_team",
    productName: "Team",
    unitAmountDecimal: "1500",
    billingScheme: "per_unit",
    tiersMode: null,
    tiers: null,
    transformQuantity: null,
    recurringInterval: "month",
    recurringIntervalCount: 1,
  };
  const proLine = (id: string, quantity: string, amount: bigint): ProjectionLine => ({
    stripeId: id,
    description: amount < 0n ? "Unused time on 10 × Team" : "Remaining time on 12 × Team",
    quantity,
    unitAmountDecimal: null,
    amount,
    priceId: "price_team",
    productId: "prod_team",
    periodStart: new Date(T * 1000),
    periodEnd: new Date(APR1 * 1000),
    proration: true,
    subscriptionItemId: "si_1",
    price: team,
    discounts: [],
    taxes: [],
  });
  const projection = (credit: bigint): ProjectionInvoice => ({
    currency: "usd",
    subtotal: credit + 11032n,
    subtotalExcludingTax: credit + 11032n,
    total: credit + 11032n,
    totalExcludingTax: credit + 11032n,
    discounts: [],
    taxes: [],
    lines: [proLine("il_c", "10", credit), proLine("il_d", "12", 11032n)],
  });
  const auditLine = (id: string, quantity: string, amount: bigint) =>
    line({
      id,
      stripeId: id,
      quantity,
      amount,
      unitAmountDecimal: null,
      priceId: "price_team",
      productId: "prod_team",
      proration: true,
      periodStart: new Date(T * 1000),
      taxes: [],
    });
  const ctx = (credit: bigint) =>
    withInvoice(
      { lines: [auditLine("il_c", "10", credit), auditLine("il_d", "12", 11032n)] },
      {
        tariffs: [tariff({ priceId: null, productId: "prod_team", unitAmountDecimal: null, tiered: { tiersMode: "graduated", tiers: tiers("1400", "1000") } })],
      },
    );

  it("reprices both lines through the tiers and prorates them: −8581 and +9806; moving the date prorates again", () => {
    const input = invoiceInputFromProjection(projection(-9194n));
    const suggestion = contractedTariff(ctx(-9194n), input)!;
    expect(suggestion.lines.map((l) => [l.lineId, l.tiered?.tariffId, l.quantity])).toEqual([
      ["il_c", "tar_1", undefined],
      ["il_d", "tar_1", undefined],
    ]);
    const draft = applyTariffToDraft(draftFromInput(input), suggestion, "usd");
    const edits = editsFromDraft(draftSchema("usd").parse(draft), input, suggestion);
    const r = recalculate(input, edits.ok ? edits.edits : []);
    // 14000 × 19/31 = 8580.6; 16000 × 19/31 = 9806.5 (rounded half up per line: 9806.45…)
    expect(r.recalculated.lines.map((l) => l.amount)).toEqual([-8581n, 9806n]);
    expect(r.totals.total.difference).toBe(1838n - 1225n);
    const moved = { ...draft, lines: draft.lines.map((l) => ({ ...l, prorationDate: "2026-03-20T00:00:00" })) };
    const e2 = editsFromDraft(draftSchema("usd").parse(moved), input, suggestion);
    expect(recalculate(input, e2.ok ? e2.edits : []).recalculated.lines.map((l) => l.amount)).toEqual([-5419n, 6194n]);
  });

  it("leaves out a proration line whose period the input does not know (its amount does not add up)", () => {
    const input = invoiceInputFromProjection(projection(-9195n));
    expect(input.lines[0].proration).toBeUndefined();
    expect(contractedTariff(ctx(-9195n), input)!.lines.map((l) => l.lineId)).toEqual(["il_d"]);
  });

  it("a per-unit contract still leaves proration lines alone", () => {
    const input = invoiceInputFromProjection(projection(-9194n));
    const perUnit = { ...ctx(-9194n), tariffs: [tariff({ priceId: null, productId: "prod_team", unitAmountDecimal: "1400" })] };
    expect(contractedTariff(perUnit, input)).toEqual({ lines: [], invoiceDiscounts: [] });
    expect(contractedTariff(context({ tariffs: [] }), input)).toBeNull();
  });
});
