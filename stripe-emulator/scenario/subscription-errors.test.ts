import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { generateScenario } from "./generate";
import { SUBSCRIPTION_ERROR_KINDS } from "./subscription-errors";

describe("subscriptionErrors: subscription histories with the audit's subscription mistakes", () => {
  it("records n of each kind on imported invoices beside clean subscription invoices; 0 leaves the history as it was", () => {
    const plain = generateScenario(new Emulator({ seed: 1 }), { seed: 5, invoices: 60 });
    const em = new Emulator({ seed: 1 });
    const m = generateScenario(em, { seed: 5, invoices: 60, subscriptionErrors: 2 });
    const subs = m.injected.filter((e) => (SUBSCRIPTION_ERROR_KINDS as readonly string[]).includes(e.kind));
    expect(subs.map((e) => e.kind).sort()).toEqual([...SUBSCRIPTION_ERROR_KINDS, ...SUBSCRIPTION_ERROR_KINDS].sort());
    // each: one subscription invoice (clean) and one imported invoice (the mistake)
    expect(m.invoices).toBe(plain.invoices + 12);
    expect(m.injected.filter((e) => !subs.includes(e))).toEqual(plain.injected);
    for (const e of subs) {
      const sub = em.api("GET", `/v1/subscriptions/${e.details.subscription as string}`).body as Record<string, any>;
      const inv = em.api("GET", `/v1/invoices/${e.invoice}`).body as Record<string, any>;
      const line = inv.lines.data[0];
      expect(line.id).toBe(e.invoice_line);
      expect(inv.status).toBe("open");
      expect(m.injected_invoice_ids).not.toContain(sub.latest_invoice);
      if (e.kind === "charged_after_subscription_end") {
        expect(sub.status).toBe("canceled");
        expect(line.period.start).toBeGreaterThan(sub.ended_at);
      } else if (e.kind === "trial_charged") {
        expect(sub.status).toBe("trialing");
        expect([line.period.start, line.period.end]).toEqual([sub.trial_start, sub.trial_end]);
        expect(line.amount).toBeGreaterThan(0);
      } else {
        const item = sub.items.data[0];
        expect([line.period.start, line.period.end]).toEqual([item.current_period_start, item.current_period_end]);
        expect(line.quantity).toBe(item.quantity + 2);
      }
    }
  });
});
