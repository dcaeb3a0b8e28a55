import { describe, expect, it } from "vitest";
import { explainInvoice, explainLine, periodStartCandidates, type ExplainLineInput, type ExplainPrice } from "./explain-line";
import { changeExplanationText, lineExplanationText } from "./explain-text";

const DAY = 86_400;
const at = (s: number) => new Date(s * 1000);
const perUnit = (id: string, productName: string, unit: string, extra: Partial<ExplainPrice> = {}): ExplainPrice => ({
  id,
  productName,
  billingScheme: "per_unit",
  tiersMode: null,
  tiers: null,
  transformQuantity: null,
  unitAmountDecimal: unit,
  recurringInterval: "month",
  recurringIntervalCount: 1,
  ...extra,
});
// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing — Typographic's tiers: 1–5 at 7 USD, 6–10 at 6.50, 11+ at 6
const typographic = (mode: "graduated" | "volume"): ExplainPrice => ({
  ...perUnit("price_fonts", "Fonts", "0"),
  billingScheme: "tiered",
  tiersMode: mode,
  unitAmountDecimal: null,
  tiers: [
    { up_to: 5, unit_amount: 700, unit_amount_decimal: "700", flat_amount: null, flat_amount_decimal: null },
    { up_to: 10, unit_amount: 650, unit_amount_decimal: "650", flat_amount: null, flat_amount_decimal: null },
    { up_to: null, unit_amount: 600, unit_amount_decimal: "600", flat_amount: null, flat_amount_decimal: null },
  ],
});
const line = (l: Partial<ExplainLineInput> & Pick<ExplainLineInput, "id" | "amount">): ExplainLineInput => ({
  quantity: "1",
  currency: "usd",
  proration: false,
  periodStart: null,
  periodEnd: null,
  subscriptionItemId: "si_1",
  description: null,
  price: null,
  ...l,
});

// A 31-day month: 1 Mar 2026 – 1 Apr 2026 (UTC); the seat change on 13 Mar leaves 19 days.
const MAR1 = Date.UTC(2026, 2, 1) / 1000;
const APR1 = Date.UTC(2026, 3, 1) / 1000;
const T = MAR1 + 12 * DAY;
const team = perUnit("price_team", "Team", "1500");

describe("Stripe's documented examples, explained", () => {
  it("prorations page: 10 USD → 20 USD plan halfway through a 30-day month: −5 USD unused, +10 USD remaining, net 5 USD", () => {
    // https://docs.stripe.com/billing/subscriptions/prorations ("How prorations work")
    const start = Date.UTC(2026, 3, 1) / 1000; // April: 30 days
    const end = Date.UTC(2026, 4, 1) / 1000;
    const t = start + 15 * DAY;
    const lines = [
      line({ id: "il_c", amount: -500n, proration: true, periodStart: at(t), periodEnd: at(end), price: perUnit("price_10", "Basic", "1000") }),
      line({ id: "il_d", amount: 1000n, proration: true, periodStart: at(t), periodEnd: at(end), price: perUnit("price_20", "Pro", "2000") }),
    ];
    const x = explainInvoice(lines);
    expect(lineExplanationText(x.lines.get("il_c")!, "usd", "en")).toBe(
      "Unused time on 1 × Basic from 16 Apr 2026 to 1 May 2026: -1 × US$10.00 × 15/30 days = -US$5.00",
    );
    expect(lineExplanationText(x.lines.get("il_d")!, "usd", "en")).toBe(
      "Remaining time on 1 × Pro from 16 Apr 2026 to 1 May 2026: 1 × US$20.00 × 15/30 days = US$10.00",
    );
    expect(x.changes).toHaveLength(1);
    expect(changeExplanationText(x.changes[0], "usd", "en")).toBe(
      "You changed from 1 × Basic to 1 × Pro on 16 Apr 2026: US$10.00 for the remaining time on 1 × Pro, minus US$5.00 for the unused time on 1 × Basic = US$5.00.",
    );
  });

  it("tiered pricing page, graduated: 8 fonts = 5 × 7 USD + 3 × 6.50 USD = 54.50 USD", () => {
    const e = explainLine(line({ id: "il_g", amount: 5450n, quantity: "8", price: typographic("graduated") }))!;
    expect(lineExplanationText(e, "usd", "en")).toBe("Tiers: 1–5 × US$7.00 = US$35.00; 6–10 × US$6.50 = US$19.50; total US$54.50");
  });

  it("tiered pricing page, volume: 20 fonts are all priced at the 11+ tier: 20 × 6 USD = 120 USD", () => {
    const e = explainLine(line({ id: "il_v", amount: 12000n, quantity: "20", price: typographic("volume") }))!;
    expect(lineExplanationText(e, "usd", "en")).toBe("Volume pricing, all units at the 11+ tier: 20 × US$6.00 = US$120.00; total US$120.00");
  });

  it("quantity transformation page: 10 USD for every 5 users or portion thereof, 7 users = 2 packages = 20 USD", () => {
    // https://stripe.com/docs/billing/subscriptions/quantity-transformation
    const price = { ...perUnit("price_pkg", "Users", "1000"), transformQuantity: { divide_by: 5, round: "up" } };
    const e = explainLine(line({ id: "il_p", amount: 2000n, quantity: "7", price }))!;
    expect(lineExplanationText(e, "usd", "en")).toBe("7 units = 2 packages of 5 (rounded up) × US$10.00 = US$20.00");
  });

  it("a recorded Stripe plan swap (API 2024-04-10): Basic 20 USD → Standard 25 USD, −19.86 and +24.82, to the second", () => {
    // features/billing-math/testing/recorded/not-collecting-two-rates-proration-usd-2024-04-10.json (in_1PSndWGO0bcnzZi7UBMx9ilP)
    const [t, end] = [1718661676, 1721235234];
    const lines = [
      line({ id: "il_c", amount: -1986n, proration: true, periodStart: at(t), periodEnd: at(end), price: perUnit("price_b", "Basic", "2000") }),
      line({ id: "il_d", amount: 2482n, proration: true, periodStart: at(t), periodEnd: at(end), price: perUnit("price_s", "Standard", "2500") }),
    ];
    const x = explainInvoice(lines);
    const c = x.lines.get("il_c")!;
    expect(c).toMatchObject({ kind: "proration", periodStart: at(1718643234), remainingSeconds: 2573558n, periodSeconds: 2592000n });
    expect(lineExplanationText(c, "usd", "en")).toBe(
      "Unused time on 1 × Basic from 17 Jun 2024 to 17 Jul 2024: -1 × US$20.00 × 2,573,558/2,592,000 seconds (about 29.8 of 30 days) = -US$19.86",
    );
    expect(x.changes[0]).toMatchObject({ credit: -1986n, debit: 2482n, net: 496n });
  });

  it("a recorded Stripe credit of a change made 72 s into the period (25 Oct 2024): −20.00 EUR on a 20 EUR monthly price", () => {
    // il_1QDoa5GjSxKJrDncDIp6LPfF: period [1729866729, 1732545057), "Unused time on SECRag Premium after 25 Oct 2024"
    const e = explainLine(
      line({
        id: "il_x",
        amount: -2000n,
        currency: "eur",
        proration: true,
        periodStart: at(1729866729),
        periodEnd: at(1732545057),
        price: perUnit("price_p", "SECRag Premium", "2000"),
      }),
    )!;
    expect(e).toMatchObject({ kind: "proration", periodStart: at(1729866657), remainingSeconds: 2678328n, periodSeconds: 2678400n });
  });
});

describe("proration explanations", () => {
  const credit = line({ id: "il_c", amount: -9194n, quantity: "10", proration: true, periodStart: at(T), periodEnd: at(APR1), price: team });
  const debit = line({ id: "il_d", amount: 11032n, quantity: "12", proration: true, periodStart: at(T), periodEnd: at(APR1), price: team });

  it("a seat change from 10 to 12 at 15.00 with 19 of 31 days left, in English and Russian; the pair is one change", () => {
    const x = explainInvoice([credit, debit]);
    expect(lineExplanationText(x.lines.get("il_d")!, "usd", "en")).toBe(
      "Remaining time on 12 × Team from 13 Mar 2026 to 1 Apr 2026: 12 × US$15.00 × 19/31 days = US$110.32",
    );
    expect(lineExplanationText(x.lines.get("il_c")!, "usd", "en")).toBe(
      "Unused time on 10 × Team from 13 Mar 2026 to 1 Apr 2026: -10 × US$15.00 × 19/31 days = -US$91.94",
    );
    expect(changeExplanationText(x.changes[0], "usd", "en")).toBe(
      "You changed Team from 10 to 12 on 13 Mar 2026: US$110.32 for the remaining time on 12, minus US$91.94 for the unused time on 10 = US$18.38.",
    );
    const ru = lineExplanationText(x.lines.get("il_d")!, "usd", "ru");
    expect(ru).toMatch(/^Оставшееся время по 12 × Team с 13 мар/);
    expect(ru).toContain("19/31 дн.");
    expect(ru).toMatch(/110,32/);
    expect(changeExplanationText(x.changes[0], "usd", "ru")).toMatch(/^13 мар\. 2026 г\. вы изменили количество Team с 10 на 12: /);
  });

  it("never shows a figure that does not add up: a billed amount one cent off is not explained", () => {
    const e = explainLine({ ...debit, amount: 11033n });
    expect(e).toEqual({ kind: "cannot", reason: "does_not_add_up" });
    expect(lineExplanationText(e!, "usd", "en")).toMatch(/cannot explain/);
    expect(explainInvoice([credit, { ...debit, amount: 11033n }]).changes).toEqual([]);
  });

  it("says why it cannot: no price, no tiers, no interval", () => {
    expect(explainLine({ ...debit, price: null })).toEqual({ kind: "cannot", reason: "price_unknown" });
    expect(explainLine({ ...debit, price: { ...typographic("graduated"), tiers: null } })).toEqual({ kind: "cannot", reason: "tiers_unknown" });
    expect(explainLine({ ...debit, price: { ...team, recurringInterval: null } })).toEqual({ kind: "cannot", reason: "period_unknown" });
  });

  it("a tiered item's proration prorates its whole-period tiered amount", () => {
    // 12 fonts graduated: 35 + 32.50 + 12 = 79.50 USD a month; 19/31 of it = 48.725… → 48.73
    const e = explainLine(
      line({ id: "il_t", amount: 4873n, quantity: "12", proration: true, periodStart: at(T), periodEnd: at(APR1), price: typographic("graduated") }),
    )!;
    expect(lineExplanationText(e, "usd", "en")).toBe(
      "Remaining time on 12 × Fonts from 13 Mar 2026 to 1 Apr 2026: (1–5 × US$7.00 = US$35.00; 6–10 × US$6.50 = US$32.50; 11+ × US$6.00 = US$12.00) × 19/31 days = US$48.73",
    );
  });

  it("quarterly prices go back interval_count months; a period ending on a month's last day tries the later anchors", () => {
    expect(periodStartCandidates(at(APR1), "month", 3)).toEqual([at(Date.UTC(2026, 0, 1) / 1000)]);
    // ends 28 Feb: the subscription may be anchored on the 28th, 29th, 30th or 31st
    expect(periodStartCandidates(new Date(Date.UTC(2026, 1, 28)), "month", 1).map((d) => d.getUTCDate())).toEqual([28, 29, 30, 31]);
    expect(periodStartCandidates(new Date(Date.UTC(2026, 3, 30)), "month", 1).map((d) => d.getUTCDate())).toEqual([30, 31]);
  });

  it("a plain per-unit line has nothing to explain", () => {
    expect(explainLine(line({ id: "il_1", amount: 15000n, quantity: "10", price: team }))).toBeNull();
  });
});
