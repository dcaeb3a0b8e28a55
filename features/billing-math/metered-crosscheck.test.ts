// The emulator's metered subscription scenario (stripe-emulator/scenario/metered.ts): every renewal bills the past period's usage (the events' sum)
// at the tiered price, checked against Settle's own billing math (features/billing-math), and the
// usage crosses every tier.
import { describe, expect, it } from "vitest";
import { meteredLineAmount, type PriceInput } from "./index";
import { Emulator } from "@/stripe-emulator";
import { generateMeteredSubscription } from "@/stripe-emulator/scenario";

const START = Date.UTC(2027, 0, 1) / 1000;
type RenewalInvoice = {
  billing_reason: string;
  lines: { data: { amount: number; quantity: number; period: { start: number; end: number }; pricing: { price_details: { price: string } } }[] };
};
const CALLS: PriceInput = {
  billingScheme: "tiered",
  tiersMode: "graduated",
  tiers: [
    { upTo: 10_000, unitAmount: 0 },
    { upTo: 50_000, unitAmountDecimal: "0.5" },
    { upTo: "inf", unitAmountDecimal: "0.2" },
  ],
};

describe("metered subscription scenario", { timeout: 60_000 }, () => {
  it("six renewals: each bills its past period's usage in arrears, as billing-math computes it; licensed seats bill the new period", () => {
    const em = new Emulator({ seed: 7, startTime: START - 86_400 });
    const s = generateMeteredSubscription(em, { seed: 7, start: START, months: 6 });
    expect(s.renewals).toHaveLength(6);
    const tiersHit = new Set<number>();
    for (const r of s.renewals) {
      const inv = em.api("GET", `/v1/invoices/${r.invoice}`).body as RenewalInvoice;
      expect(inv.billing_reason).toBe("subscription_cycle");
      const lines = inv.lines.data;
      const usageLine = lines.find((l) => l.pricing.price_details.price === s.meteredPrice)!;
      const seats = lines.find((l) => l.pricing.price_details.price === s.licensedPrice)!;
      expect(usageLine.period).toEqual({ start: r.periodStart, end: r.periodEnd });
      expect(seats.period.start).toBe(r.periodEnd);
      expect(seats.amount).toBe(4500);
      expect(usageLine.quantity).toBe(r.usage);
      const settle = meteredLineAmount(CALLS, "sum", [{ timestamp: r.periodStart, value: r.usage }], { start: r.periodStart, end: r.periodEnd }, "usd");
      expect(BigInt(usageLine.amount)).toBe(settle.amount);
      for (const t of settle.tiers) if (t.quantity > 0n) tiersHit.add(t.tier);
    }
    expect([...tiersHit].sort()).toEqual([0, 1, 2]);
  });

  it("is deterministic for a seed", () => {
    const run = () => {
      const em = new Emulator({ seed: 3, startTime: START - 86_400 });
      return generateMeteredSubscription(em, { seed: 3, start: START, months: 2 }).renewals.map((r) => r.usage);
    };
    expect(run()).toEqual(run());
  });
});
