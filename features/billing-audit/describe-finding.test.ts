import { describe, expect, it } from "vitest";
import { createT } from "@/lib/i18n";
import { describeFinding, findingRuleLabel, findingSeverityLabel, findingStatusLabel } from "./describe-finding";
import { RULE_IDS, runRules } from "./rules";
import { at, charge, context, line, tariff, withInvoice } from "./testing/context";
import type { AuditContext, FindingDraft } from "./types";

// Findings are stored as JSON: bigints become decimal strings (as save-findings writes them).
const stored = (f: FindingDraft) =>
  JSON.parse(JSON.stringify({ ...f, invoiceNumber: "INV-1" }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
const only = (ctx: AuditContext, rule: string) => {
  const found = runRules(ctx, (r, e) => {
    throw new Error(`${r}: ${String(e)}`);
  }).filter((f) => f.rule === rule);
  expect(found).toHaveLength(1);
  return stored(found[0]);
};
const lineNumber = (id: string) => (id === "il_1" ? 1 : id === "il_2" ? 2 : null);
const en = (f: ReturnType<typeof stored>) => describeFinding(f, { t: createT("en"), locale: "en", lineNumber });
const ru = (f: ReturnType<typeof stored>) => describeFinding(f, { t: createT("ru"), locale: "ru", lineNumber });

describe("findings in words", () => {
  it("line math: the line number, the formatted quantity, unit price and amounts; no raw minor units", () => {
    const f = only(
      withInvoice({
        lines: [line({ amount: 12500n, taxes: [{ taxRateId: "txr_1", percentage: "10", inclusive: false, amount: 1250n, taxableAmount: 12500n }] })],
      }),
      "line_math",
    );
    const d = en(f);
    expect(d.title).toBe("Line 1: 10 × US$12.00 makes US$120.00, but US$125.00 was billed");
    expect(d.suggestion).toBe("Recalculate the invoice (line 1 amount US$120.00): a difference of US$5.00.");
    expect(ru(f).title).toBe("Строка 1: 10 × 12,00\u00a0$ = 120,00\u00a0$, но выставлено 125,00\u00a0$");
    expect(JSON.stringify(d)).not.toMatch(/12500|il_1/);
  });

  it("line math on a tiered line: no quantity × unit claim, the tiers are named instead", () => {
    const tiers = [
      { upTo: 5, unitAmount: 500 },
      { upTo: "inf" as const, unitAmount: 400 },
    ];
    // 10 units graduated = 5×500 + 5×400 = 4500; billed 5000 (tiered lines carry no unit amount)
    const f = only(
      withInvoice({
        lines: [
          line({
            quantity: "10",
            unitAmountDecimal: null,
            amount: 5000n,
            price: { billingScheme: "tiered", tiersMode: "graduated", tiers },
            taxes: [{ taxRateId: "txr_1", percentage: "10", inclusive: false, amount: 500n, taxableAmount: 5000n }],
          }),
        ],
      }),
      "line_math",
    );
    const d = en(f);
    expect(d.title).toBe("Line 1: 10 units at the price's tiers or packages make US$45.00, but US$50.00 was billed");
    expect(d.facts.map((x) => x.label)).not.toContain("Unit price");
    expect(ru(f).title).toBe("Строка 1: 10 ед. по ступеням или пакетам цены = 45,00\u00a0$, но выставлено 50,00\u00a0$");
  });

  it("tariff price: both unit prices in the currency's units, with the contract's validity", () => {
    const f = only(context({ tariffs: [tariff({ unitAmountDecimal: "1000" })] }), "tariff_price");
    const d = en(f);
    expect(d.title).toBe("Line 1 was priced at US$12.00 per unit; the contract in force says US$10.00");
    expect(d.facts).toContainEqual({ label: "Contract valid", value: "from 1 Jan 2026, no end date" });
    expect(ru(f).title).toBe("Строка 1: цена 12,00\u00a0$ за единицу, а по действующему договору — 10,00\u00a0$");
  });

  it("tariff price against a tiered contract: the amounts and the tiers' mode, no unit price claim", () => {
    const contract = tariff({
      unitAmountDecimal: null,
      tiered: {
        tiersMode: "graduated",
        tiers: [
          { upTo: 10, unitAmountDecimal: "1500" },
          { upTo: "inf", unitAmountDecimal: "1200" },
        ],
      },
    });
    const f = only(
      withInvoice(
        {
          lines: [line({ quantity: "12", unitAmountDecimal: "1500", amount: 18000n, taxes: [] })],
          subtotal: 18000n,
          subtotalExcludingTax: 18000n,
          total: 18000n,
          totalExcludingTax: 18000n,
          taxes: [],
        },
        { tariffs: [contract] },
      ),
      "tariff_price",
    );
    const d = en(f);
    expect(d.title).toBe("Line 1 was billed US$180.00 for 12 units; the contract's tiers (Tiered, graduated) give US$174.00");
    expect(d.suggestion).toBe("Recalculate the invoice (line 1 priced by the contracted tiers): a difference of US$6.00.");
    expect(ru(f).title).toBe("Строка 1: выставлено 180,00\u00a0$ за 12 ед., а по ступеням договора (Ступенчатая, градуированная) — 174,00\u00a0$");
  });

  it("duplicate charge: the amount and both dates, the refund suggestion in words", () => {
    const f = only(
      context({ charges: [charge(), charge({ stripeId: "ch_2", paymentIntentStripeId: "pi_2", stripeCreated: at(65), invoiceStripeIds: [] })] }),
      "duplicate_charge",
    );
    const d = en(f);
    expect(d.title).toBe("The same US$132.00 was charged twice (1 Mar 2026 and 1 Mar 2026) and the second charge was not refunded");
    expect(d.suggestion).toBe("Refund US$132.00 of charge ch_2 as a duplicate.");
    expect(ru(f).suggestion).toBe("Вернуть 132,00\u00a0$ по списанию ch_2 как дубликат.");
  });

  it("lost sync: the invoice status is translated", () => {
    const f = only(withInvoice({ status: "OPEN", amountPaid: 0n, amountRemaining: 13200n, paidAt: null }), "lost_sync");
    expect(en(f).title).toBe("Invoice INV-1 is still “Open” although US$132.00 was paid");
    expect(ru(f).title).toBe("Счёт INV-1 всё ещё в статусе «Ожидает оплаты», хотя оплачено 132,00\u00a0$");
  });

  it("invoice math: each figure that does not add up, by name, with both amounts", () => {
    const f = only(withInvoice({ total: 13300n, amountDue: 13300n, amountPaid: 13300n }), "invoice_math");
    const d = en(f);
    expect(d.title).toBe("Invoice INV-1: 1 of Stripe's figures do not add up from its lines");
    expect(d.facts).toContainEqual({ label: "Total", value: "should be US$132.00; Stripe has US$133.00" });
  });

  it("after the service ended: dates through the date formatter", () => {
    const f = only(context({ tariffs: [tariff({ validTo: new Date("2026-02-01T00:00:00Z") })] }), "after_service_end");
    expect(en(f).title).toBe("Line 1 bills a period from 1 Mar 2026, after the service ended on 1 Feb 2026");
    expect(ru(f).title).toBe("Строка 1 выставлена за период с 1 мар. 2026 г., после окончания услуги 1 февр. 2026 г.");
  });

  it("subscription rules: the subscription's end, the trial and both quantities in words", () => {
    const T0 = new Date("2026-03-01T00:00:00Z");
    const APR = new Date("2026-04-01T00:00:00Z");
    const FEB = new Date("2026-02-01T00:00:00Z");
    const item = { stripeId: "si_1", priceId: "price_seats", quantity: 10n, currentPeriodStart: T0, currentPeriodEnd: APR };
    const sub = {
      stripeId: "sub_1",
      status: "active",
      startDate: FEB,
      trialStart: null,
      trialEnd: null,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      lastEventAt: T0,
      items: [item],
    };
    const ended = only(context({ subscriptions: [{ ...sub, status: "canceled", endedAt: FEB }] }), "after_subscription_end");
    expect(en(ended).title).toBe("Line 1 bills a period from 1 Mar 2026, after subscription sub_1 ended on 1 Feb 2026");
    expect(ru(ended).title).toBe("Строка 1 выставлена за период с 1 мар. 2026 г., после окончания подписки sub_1 (1 февр. 2026 г.)");
    const trial = only(context({ subscriptions: [{ ...sub, trialStart: FEB, trialEnd: APR }] }), "trial_charged");
    expect(en(trial).title).toBe("Line 1 charges US$120.00 for a period from 1 Mar 2026, inside the free trial (1 Feb 2026 – 1 Apr 2026)");
    expect(en(trial).suggestion).toBe("Recalculate the invoice (line 1 amount US$0.00): a difference of US$120.00.");
    const qty = only(context({ subscriptions: [{ ...sub, items: [{ ...item, quantity: 8n }] }] }), "quantity_mismatch");
    expect(en(qty).title).toBe("Line 1 bills a quantity of 10; the subscription has 8 for this period");
    expect(en(qty).suggestion).toBe("Recalculate the invoice (line 1 quantity 8): a difference of US$24.00.");
    expect(ru(qty).title).toBe("Строка 1 выставлена за количество 10, а в подписке на этот период 8");
    expect(ru(qty).suggestion).not.toMatch(/audit\./);
  });

  it("proration credit and metered usage: the credited amount, what was charged, both usages in words", () => {
    const T0 = new Date("2026-03-01T00:00:00Z");
    const APR = new Date("2026-04-01T00:00:00Z");
    const MID = new Date("2026-03-16T00:00:00Z");
    const creditLine = line({
      amount: -12000n,
      unitAmountDecimal: "-1200",
      proration: true,
      periodStart: MID,
      periodEnd: APR,
      subscriptionItemId: "si_1",
      creditedItems: { invoice: "in_0", lines: ["il_charge"] },
      taxes: [],
    });
    const credits = {
      creditedLines: [{ stripeId: "il_charge", invoiceStripeId: "in_0", amount: 12000n, periodStart: T0, periodEnd: APR, subscriptionItemId: "si_1" }],
      projectedInvoices: ["in_0"],
      creditProrations: [],
    };
    const over = only(withInvoice({ lines: [creditLine] }, { credits }), "proration_credit");
    expect(en(over).title).toBe("Line 1 credits US$120.00, but the credited line charged only US$61.94 for that time");
    expect(ru(over).title).toBe("Строка 1 возвращает 120,00\u00a0$, а возвращаемая строка начислила за это время только 61,94\u00a0$");
    expect(en(over).suggestion).toBe("Recalculate the invoice (line 1 amount -US$61.94): a difference of US$58.06.");
    const metered = line({ meterId: "mtr_1", quantity: "1500", unitAmountDecimal: "2", amount: 3000n, taxes: [] });
    const usage = [{ meterId: "mtr_1", start: T0, end: new Date(T0.getTime() + 31 * 86_400_000), value: "1200", formula: "sum" }];
    const m = only(withInvoice({ lines: [metered] }, { meterUsage: usage }), "metered_usage_mismatch");
    expect(en(m).title).toBe("Line 1 bills a usage of 1,500; the meter recorded 1,200 for this period");
    expect(ru(m).title).toBe("Строка 1 выставлена за потребление 1\u00a0500, а счётчик за этот период записал 1\u00a0200");
    expect(en(m).suggestion).toBe("Recalculate the invoice (line 1 quantity 1,200): a difference of US$6.00.");
  });

  it("every rule, severity and status has a name in both languages", () => {
    for (const locale of ["en", "ru"] as const) {
      const t = createT(locale);
      for (const r of RULE_IDS) expect(findingRuleLabel(t, r)).not.toMatch(/^audit\./);
      for (const s of ["LOW", "MEDIUM", "HIGH", "CRITICAL"]) expect(findingSeverityLabel(t, s)).not.toMatch(/^audit\./);
      for (const s of ["OPEN", "CONFIRMED", "CORRECTED", "DISMISSED", "RESOLVED"]) expect(findingStatusLabel(t, s)).not.toMatch(/^audit\./);
    }
  });

  it("every rule's description is in words in both languages (no catalog key, no raw field path)", () => {
    for (const rule of RULE_IDS) {
      for (const locale of ["en", "ru"] as const) {
        const d = describeFinding({ rule, currency: "usd", evidence: {}, suggestion: null }, { t: createT(locale), locale });
        expect(d.title).not.toMatch(/audit\.|\{\w+\}/);
      }
    }
  });
});
