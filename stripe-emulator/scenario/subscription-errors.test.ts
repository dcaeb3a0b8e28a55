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
    // each: the subscription's first invoice (clean) and one imported invoice (the mistake); clean
    // too: a double credit's real seat change (its proration invoice), a metered window billed right
    const doubles = subs.filter((e) => e.details.variant === "double_credit").length;
    const metered = subs.filter((e) => e.kind === "metered_usage_mismatch").length;
    expect(doubles).toBeGreaterThan(0);
    expect(subs.filter((e) => e.details.variant === "over_credit").length).toBeGreaterThan(0);
    expect(m.invoices).toBe(plain.invoices + subs.length * 2 + doubles + metered);
    expect(m.injected.filter((e) => !subs.includes(e))).toEqual(plain.injected);
    for (const e of subs) {
      const sub = em.api("GET", `/v1/subscriptions/${e.details.subscription as string}`).body as Record<string, any>;
      const inv = em.api("GET", `/v1/invoices/${e.invoice}`).body as Record<string, any>;
      const line = inv.lines.data.find((l: { id: string }) => l.id === e.invoice_line);
      expect(line).toBeDefined();
      expect(inv.status).toBe("open");
      expect(m.injected_invoice_ids).not.toContain(sub.latest_invoice);
      if (e.kind === "charged_after_subscription_end") {
        expect(sub.status).toBe("canceled");
        expect(line.period.start).toBeGreaterThan(sub.ended_at);
      } else if (e.kind === "trial_charged") {
        expect(sub.status).toBe("trialing");
        expect([line.period.start, line.period.end]).toEqual([sub.trial_start, sub.trial_end]);
        expect(line.amount).toBeGreaterThan(0);
      } else if (e.kind === "proration_credit") {
        // a credit proration naming the subscription's first line; the double credit's time was already credited
        const details = line.parent.subscription_item_details;
        expect([line.amount < 0, details.proration, details.subscription_item]).toEqual([true, true, e.details.subscription_item]);
        expect(details.proration_details.credited_items).toEqual({ invoice: e.details.credited_invoice, invoice_line_items: [e.details.credited_line] });
        if (e.details.variant === "double_credit") {
          const clean = em.api("GET", `/v1/invoices/${e.details.clean_proration_invoice as string}`).body as Record<string, any>;
          const first = clean.lines.data.find((l: { amount: number }) => l.amount < 0);
          expect(first.parent.subscription_item_details.proration_details.credited_items.invoice_line_items).toEqual([e.details.credited_line]);
          expect(first.period.end).toBe(line.period.end);
          expect(first.period.start).toBeLessThan(line.period.start);
        } else expect(-line.amount).toBeGreaterThan(-(e.expected!.amount as number));
      } else if (e.kind === "metered_usage_mismatch") {
        const meter = e.details.meter as string;
        const p = e.details.period as { start: number; end: number };
        const summary = em.api("GET", `/v1/billing/meters/${meter}/event_summaries`, { customer: e.customer, start_time: p.start, end_time: p.end })
          .body as Record<string, any>;
        expect(summary.data[0].aggregated_value).toBe(e.details.usage);
        expect(line.quantity).not.toBe(e.details.usage);
        expect([line.period.start, line.period.end]).toEqual([p.start, p.end]);
      } else {
        const item = sub.items.data[0];
        expect([line.period.start, line.period.end]).toEqual([item.current_period_start, item.current_period_end]);
        expect(line.quantity).toBe(item.quantity + 2);
      }
    }
  });
});
