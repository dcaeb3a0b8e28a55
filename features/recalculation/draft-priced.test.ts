import { describe, expect, it } from "vitest";
import { recalculate } from "@/features/billing-math";
import { draftFromInput, draftSchema, editsFromDraft, secondsOfUtcInput, utcInputOf } from "./draft";
import { invoiceInputFromProjection, storedInvoiceResult, type ProjectionInvoice, type ProjectionLine } from "./from-projection";

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
const proLine = (id: string, quantity: string, amount: bigint, unit: string): ProjectionLine => ({
  stripeId: id,
  description: amount < 0n ? "Unused time on 10 × Team" : "Remaining time on 12 × Team",
  quantity,
  unitAmountDecimal: unit, // as Stripe reports a proration's unit: the line amount per unit
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
const projection: ProjectionInvoice = {
  currency: "usd",
  subtotal: 1838n,
  subtotalExcludingTax: 1838n,
  total: 1838n,
  totalExcludingTax: 1838n,
  discounts: [],
  taxes: [],
  lines: [proLine("il_c", "10", -9194n, "-919.4"), proLine("il_d", "12", 11032n, "919.333333333333")],
};

describe("the recalculation draft of proration lines", () => {
  const input = invoiceInputFromProjection(projection);
  const stored = storedInvoiceResult(projection);

  it("a proration line Stripe's math reproduces is priced by its price and period; unedited, nothing differs", () => {
    expect(input.lines[0]).toMatchObject({
      price: { unitAmountDecimal: "1500" },
      proration: { side: "credit", periodStart: MAR1, periodEnd: APR1, prorationDate: T },
    });
    const draft = draftFromInput(input);
    expect(draft.lines.map((l) => [l.unitAmount, l.prorationDate])).toEqual([
      ["", utcInputOf(T)],
      ["", utcInputOf(T)],
    ]);
    const parsed = draftSchema("usd").parse(draft);
    const edits = editsFromDraft(parsed, input);
    expect(edits).toEqual({ ok: true, edits: [] });
    expect(recalculate(input, [], { originalResult: stored }).changed).toBe(false);
  });

  it("moving the change date to 20 Mar recalculates both lines", () => {
    const draft = draftFromInput(input);
    const moved = { ...draft, lines: draft.lines.map((l) => ({ ...l, prorationDate: "2026-03-20T00:00:00" })) };
    const edits = editsFromDraft(draftSchema("usd").parse(moved), input);
    expect(edits.ok && edits.edits).toEqual([
      { type: "set_proration_date", lineId: "il_c", prorationDate: MAR1 + 19 * DAY },
      { type: "set_proration_date", lineId: "il_d", prorationDate: MAR1 + 19 * DAY },
    ]);
    const r = recalculate(input, edits.ok ? edits.edits : [], { originalResult: stored });
    expect(r.totals.total.recalculated).toBe(1162n);
  });

  it("a change date outside the period is a field error, as is one that is no date", () => {
    const draft = draftFromInput(input);
    const out = { ...draft, lines: draft.lines.map((l, i) => (i === 0 ? { ...l, prorationDate: "2026-04-01T00:00:00" } : l)) };
    expect(editsFromDraft(draftSchema("usd").parse(out), input)).toEqual({ ok: false, fields: { "lines.0.prorationDate": "desk.recalc.err.prorationDate" } });
    expect(draftSchema("usd").safeParse({ ...draft, lines: [{ ...draft.lines[0], prorationDate: "2026-02-31T00:00" }, draft.lines[1]] }).success).toBe(false);
    expect(secondsOfUtcInput("2026-03-13T00:00")).toBe(T);
  });

  it("a proration line that does not add up stays as billed (its amount), with no change date", () => {
    const off: ProjectionInvoice = { ...projection, lines: [proLine("il_c", "10", -9195n, "-919.5"), projection.lines[1]] };
    const i2 = invoiceInputFromProjection(off);
    expect(i2.lines[0].price).toBeUndefined();
    expect(draftFromInput(i2).lines[0].prorationDate).toBeUndefined();
  });
});
