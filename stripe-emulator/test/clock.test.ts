import { afterEach, describe, expect, it, vi } from "vitest";
import { Clock, DEFAULT_START } from "../src/clock";
import { Emulator } from "../src/emulator";
import { seedDemoScenario } from "../scenario/demo";

afterEach(() => vi.useRealTimers());

describe("clock", () => {
  it("stands still by default and follows real time once asked, never running back", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 4, 12, 0, 0) });
    const c = new Clock();
    expect(c.now()).toBe(DEFAULT_START);
    vi.advanceTimersByTime(60_000);
    expect(c.now()).toBe(DEFAULT_START);
    expect(c.followRealTime()).toBe(Date.UTC(2026, 11, 4, 12, 1, 0) / 1000);
    vi.advanceTimersByTime(3_600_000);
    expect(c.now()).toBe(Date.UTC(2026, 11, 4, 13, 1, 0) / 1000);
    c.advance(86_400);
    expect(c.now()).toBe(Date.UTC(2026, 11, 5, 13, 1, 0) / 1000);
    // a clock already ahead of real time keeps its lead
    const ahead = new Clock(Date.UTC(2027, 0, 1) / 1000);
    ahead.followRealTime();
    expect(ahead.now()).toBe(Date.UTC(2027, 0, 1) / 1000);
  });

  it("the demo's history can end before today, and a credit note issued afterwards is dated today", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 4, 9, 30, 0), toFake: ["Date"] });
    const em = new Emulator({});
    const start = Date.UTC(2026, 4, 1) / 1000;
    const m = seedDemoScenario(em, { start });
    expect(em.clock.now()).toBeLessThan(Date.UTC(2026, 11, 4) / 1000);
    em.clock.followRealTime();
    const invoice = m.highlights.alice_overbilled_invoice!;
    const inv = em.api("GET", `/v1/invoices/${invoice}`).body;
    expect(inv.created).toBeGreaterThanOrEqual(start);
    const cn = em.api("POST", "/v1/credit_notes", { invoice, amount: 100, credit_amount: 100 });
    expect(cn.status).toBe(200);
    expect(new Date(cn.body.created * 1000).toISOString().slice(0, 10)).toBe("2026-12-04");
    em.reset();
    expect(em.clock.now()).toBe(DEFAULT_START);
  });
});
