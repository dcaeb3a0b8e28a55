import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { generateScenario } from "./index";
import { INJECTED_KINDS, type ScenarioManifest } from "./types";
import { listAll } from "./api";
import { allInvoices, checkCleanAgainstContracts, checkInjected, checkInvariants } from "./verify";

const hash = (em: Emulator) => createHash("sha256").update(JSON.stringify(em.snapshot())).digest("hex");

function run(seed: number, opts: { customers?: number; months?: number; invoices?: number; injectErrors?: boolean; pruneEvents?: boolean } = {}) {
  const em = new Emulator({ seed: 1 });
  const manifest = generateScenario(em, { seed, customers: 30, months: 4, ...opts });
  return { em, manifest };
}

describe("scenario determinism", () => {
  it("same seed → identical manifest and snapshot; another seed → different", () => {
    const a = run(7),
      b = run(7),
      c = run(8);
    expect(b.manifest).toEqual(a.manifest);
    expect(hash(b.em)).toBe(hash(a.em));
    expect(c.manifest).not.toEqual(a.manifest);
    expect(hash(c.em)).not.toBe(hash(a.em));
  }, 60_000);

  it("`invoices` sets the invoice count exactly", () => {
    const { manifest } = run(3, { invoices: 101, months: 3 });
    expect(manifest.invoices).toBe(101);
    expect(manifest.options.customers).toBe(34);
  }, 60_000);
});

describe("a 600-invoice scenario", () => {
  let em: Emulator;
  let m: ScenarioManifest;
  let invoices: Awaited<ReturnType<typeof allInvoices>>;
  beforeAll(() => {
    ({ em, manifest: m } = run(2026, { customers: 100, months: 6 }));
    invoices = allInvoices(em);
  }, 60_000);

  it("has every ingredient: currencies, line kinds, payment outcomes, corrections", () => {
    expect(m.invoices).toBe(600);
    expect(invoices.length).toBe(600);
    expect(m.currencies).toEqual(["usd", "eur", "jpy", "kwd"]);
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(["paid", "open", "void", "uncollectible"]));
    expect(invoices.some((i) => i.lines.has_more)).toBe(true);
    for (const k of [
      "paid_card",
      "payment_failed",
      "retried_paid",
      "paid_out_of_band",
      "voided",
      "left_open",
      "credit_notes",
      "refunds_partial",
      "refunds_full",
      "disputes",
    ])
      expect(m.counts[k], k).toBeGreaterThan(0);
    expect(m.contracts.some((c) => c.unit_amount_decimal.includes("."))).toBe(true);
    expect(m.contracts.some((c) => c.valid_to !== null)).toBe(true);
    expect(m.contracts.some((c) => c.discount?.percent_off)).toBe(true);
    expect(m.customer_discounts.some((d) => d.amount_off)).toBe(true);
    expect(m.customer_discounts.some((d) => d.percent_off)).toBe(true);
    expect(m.contracts.some((c) => c.discount?.amount_off)).toBe(true);
  });

  it("injects ~1 % of each kind, one error per invoice at most", () => {
    for (const k of INJECTED_KINDS) expect(m.injected.filter((e) => e.kind === k).length, k).toBe(6);
    expect(new Set(m.injected_invoice_ids).size).toBe(m.injected.length);
  });

  it("keeps Stripe's invoice invariants on every invoice", () => {
    expect(checkInvariants(em, invoices)).toEqual([]);
  });

  it("prices every clean invoice exactly as the contract says", () => {
    expect(checkCleanAgainstContracts(em, m, invoices)).toEqual([]);
  });

  it("makes every injected error observable as described", () => {
    expect(checkInjected(em, m)).toEqual([]);
  });

  it("without injectErrors nothing is injected and every invoice is clean", () => {
    const r = run(2026, { customers: 20, months: 3, injectErrors: false });
    expect(r.manifest.injected).toEqual([]);
    const inv = allInvoices(r.em);
    expect(checkCleanAgainstContracts(r.em, r.manifest, inv)).toEqual([]);
  }, 60_000);
});

describe("pruneEvents", () => {
  it("forgets only what Stripe would: same objects, same visible events, injected errors still observable", () => {
    const kept = run(2026, { customers: 60, months: 4 });
    const pruned = run(2026, { customers: 60, months: 4, pruneEvents: true });
    expect(pruned.manifest).toEqual(kept.manifest);
    expect(JSON.stringify(allInvoices(pruned.em))).toBe(JSON.stringify(allInvoices(kept.em)));
    const events = (em: Emulator) => JSON.stringify([...listAll(em, "/v1/events")]);
    expect(events(pruned.em)).toBe(events(kept.em));
    const cutoff = pruned.em.clock.now() - 30 * 86400;
    const left = pruned.em.store.c.events.toJSON();
    expect(left.length).toBeLessThan(kept.em.store.c.events.size / 2);
    expect(left.every((e) => e.created >= cutoff)).toBe(true);
    expect(pruned.manifest.injected.some((e) => e.kind === "dropped_webhooks")).toBe(true);
    expect(checkInjected(pruned.em, pruned.manifest)).toEqual([]);
  }, 60_000);
});
