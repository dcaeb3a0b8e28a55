import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { generateMonthEnd } from "./month-end";
import { parseScenarioArgs } from "./cli-scenario";

describe("month-end renewals", () => {
  it("N renewals within the window, with a renewal's event mix and same-second events", () => {
    const em = new Emulator({ seed: 1 });
    const m = generateMonthEnd(em, { seed: 3, invoices: 200, windowSeconds: 120 });
    expect(m.invoices).toBe(200);
    expect(m.paid + m.declined).toBe(200);
    expect(m.paid).toBeGreaterThan(180);
    for (const type of [
      "invoiceitem.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice_payment.paid",
      "payment_intent.created",
      "payment_intent.succeeded",
      "charge.succeeded",
    ]) {
      expect(m.events[type], type).toBeGreaterThan(0);
    }
    expect(m.events["invoice.created"]).toBe(200);
    expect(m.events["invoice.paid"]).toBe(m.paid);
    expect(m.events["invoice_payment.paid"]).toBe(m.paid);
    // Only the renewals' events are counted; they all fall inside the window.
    const renewalEvents = [...em.store.c.events.items.values()].filter((e) => e.created >= m.window.start);
    expect(renewalEvents.length).toBe(Object.values(m.events).reduce((s, x) => s + x, 0));
    expect(Math.max(...renewalEvents.map((e) => e.created as number))).toBeLessThanOrEqual(m.window.end);
    const invoices = [...em.store.c.invoices.items.values()].filter((i) => i.created >= m.window.start);
    expect(invoices).toHaveLength(200);
    expect(invoices.filter((i) => i.status === "paid")).toHaveLength(m.paid);
    expect(invoices.filter((i) => i.status === "open")).toHaveLength(m.declined);
    // Several events of one invoice share a second, as Stripe's `created` does.
    const perSecond = new Map<string, number>();
    for (const e of renewalEvents)
      if (e.type.startsWith("invoice.")) perSecond.set(`${e.object_id}:${e.created}`, (perSecond.get(`${e.object_id}:${e.created}`) ?? 0) + 1);
    expect([...perSecond.values()].some((n) => n > 1)).toBe(true);
  });

  it("is deterministic per seed", () => {
    const a = generateMonthEnd(new Emulator({ seed: 1 }), { seed: 9, invoices: 40 });
    const b = generateMonthEnd(new Emulator({ seed: 1 }), { seed: 9, invoices: 40 });
    expect(b).toEqual(a);
  });

  it("the CLI takes month-end as its first word", () => {
    expect(parseScenarioArgs(["month-end", "--invoices", "500", "--window-seconds", "60"], {}).body).toEqual({
      kind: "month-end",
      seed: 1,
      injectErrors: true,
      invoices: 500,
      windowSeconds: 60,
    });
    expect(() => parseScenarioArgs(["--seed", "1", "month-end"], {})).toThrow(/unknown option/);
  });
});
