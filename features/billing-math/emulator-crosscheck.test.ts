// Cross-check against the Stripe emulator, an independent implementation of the same money
// rules: every invoice of a 10,000-invoice scenario must verify with zero mismatches, except the
// imported invoices whose line amounts the scenario made wrong on purpose (`line_math`), which
// must all be caught. Nothing of the emulator's money code is imported: only its entry point and
// scenario generator, and its invoices are read through its API.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromStripeInvoice } from "./from-stripe-invoice";
import { recalculate } from "./recalculate";
import { loadEmulatorInvoices, type LoadedInvoices } from "./testing/emulator-invoices";
import { verifyInvoice } from "./verify-invoice";
import type { Mismatch } from "./types";

const root = path.resolve(import.meta.dirname, "../..");
// Skipped only while the emulator's modules do not exist yet.
const ready = existsSync(path.join(root, "stripe-emulator/index.ts")) && existsSync(path.join(root, "stripe-emulator/scenario/index.ts"));
const INVOICES = 10_000;

type Contract = { customer: string; price: string; product: string; unit_amount_decimal: string; valid_from: number; valid_to: number | null };
type Injected = { kind: string; customer: string; invoice: string; invoice_line?: string; expected?: Record<string, unknown> };
type Manifest = { invoices: number; injected: Injected[]; contracts: Contract[] };

describe.skipIf(!ready)("billing math vs the Stripe emulator", () => {
  let loaded: LoadedInvoices;
  let manifest: Manifest;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Variable specifiers keep tsc and vite from resolving the modules while they are absent.
    const emulatorModule = "../../stripe-emulator/index";
    const scenarioModule = "../../stripe-emulator/scenario/index";
    const { startEmulator } = await import(/* @vite-ignore */ emulatorModule);
    const { generateScenario } = await import(/* @vite-ignore */ scenarioModule);
    const running = await startEmulator({ port: 0, seed: 7 });
    close = running.close;
    manifest = generateScenario(running.emulator, { seed: 2026, invoices: INVOICES });
    loaded = loadEmulatorInvoices(running.emulator);
  }, 600_000);

  afterAll(async () => {
    await close?.();
  });

  it(`generated at least ${INVOICES.toLocaleString("en")} invoices, with line_math errors injected`, () => {
    expect(loaded.invoices.length).toBeGreaterThanOrEqual(INVOICES);
    expect(manifest.injected.filter((e) => e.kind === "line_math").length).toBeGreaterThan(0);
  });

  it("has Stripe Tax invoices with not-collected entries (not_collecting, reverse_charge, customer_exempt) beside standard_rated ones", () => {
    const reasons = new Map<string, number>();
    for (const { lines } of loaded.invoices)
      for (const l of lines)
        for (const t of (l.taxes ?? []) as { taxability_reason?: string | null }[])
          reasons.set(t.taxability_reason ?? "", (reasons.get(t.taxability_reason ?? "") ?? 0) + 1);
    for (const r of ["standard_rated", "not_collecting", "reverse_charge", "customer_exempt"]) expect(reasons.get(r) ?? 0, r).toBeGreaterThan(0);
  });

  it("verifies every clean invoice to the minor unit and catches every injected line_math error", () => {
    const lineMath = new Map(manifest.injected.filter((e) => e.kind === "line_math").map((e) => [e.invoice, e]));
    const unexpected: { invoice: string; status: string; mismatches: Mismatch[] }[] = [];
    const caught = new Map<string, Mismatch[]>();
    for (const { invoice, lines } of loaded.invoices) {
      const mismatches = verifyInvoice(invoice, { ...loaded.lookups, lines });
      if (lineMath.has(invoice.id)) caught.set(invoice.id, mismatches);
      else if (mismatches.length > 0) unexpected.push({ invoice: invoice.id, status: invoice.status, mismatches });
    }
    expect(unexpected.slice(0, 5), `${unexpected.length} clean invoices disagree`).toEqual([]);
    for (const [id, e] of lineMath) {
      const m = caught.get(id);
      expect(m, `injected invoice ${id} was not listed`).toBeDefined();
      // The wrong line amount itself is reported, with the amount the rules give.
      const line = m!.find((x) => x.field === `lines[${e.invoice_line}].amount`);
      expect(line, `line_math on ${id} not detected: ${JSON.stringify(m, (_, v) => (typeof v === "bigint" ? String(v) : v))}`).toBeDefined();
      if (e.expected && typeof e.expected.amount === "number") expect(line!.expected).toBe(BigInt(e.expected.amount));
    }
  }, 120_000);

  it("the desk's one-click tariff and a restored discount correct the injected tariff and discount errors", () => {
    const byId = new Map(loaded.invoices.map((x) => [x.invoice.id, x]));
    const tariffs = manifest.injected.filter((e) => e.kind === "tariff_mismatch");
    const missing = manifest.injected.filter((e) => e.kind === "missing_discount");
    expect(tariffs.length).toBeGreaterThan(0);
    expect(missing.length).toBeGreaterThan(0);
    for (const e of tariffs) {
      const { invoice, lines } = byId.get(e.invoice)!;
      const { input } = fromStripeInvoice(invoice, { ...loaded.lookups, lines });
      const tariff = manifest.contracts
        .filter((c) => c.customer === e.customer)
        .map((c) => ({ priceId: c.price, productId: c.product, unitAmountDecimal: c.unit_amount_decimal, validFrom: c.valid_from, validTo: c.valid_to }));
      const r = recalculate(input, [{ type: "apply_tariff", tariff }]);
      const line = r.lines.find((l) => l.lineId === e.invoice_line)!;
      expect(line.recalculated!.amount).toBe(BigInt(e.expected!.amount as number));
      expect(line.amount.difference).not.toBe(0n);
      // Every other line was already billed at the contracted price.
      expect(r.lines.filter((l) => l.amount.difference !== 0n).map((l) => l.lineId)).toEqual([e.invoice_line]);
    }
    for (const e of missing) {
      const { invoice, lines } = byId.get(e.invoice)!;
      const { input } = fromStripeInvoice(invoice, { ...loaded.lookups, lines });
      const x = e.expected!;
      const discount = { id: "di_restored", ...(x.percent_off ? { percentOff: String(x.percent_off) } : { amountOff: BigInt(x.amount_off as number) }) };
      const r = recalculate(input, [{ type: "set_discount", discount, ...(x.scope === "line" ? { lineId: e.invoice_line } : {}) }]);
      expect(r.totals.totalDiscount.recalculated > r.totals.totalDiscount.original).toBe(true);
      expect(r.totals.total.difference > 0n).toBe(true); // the customer was overcharged
    }
  });
});
