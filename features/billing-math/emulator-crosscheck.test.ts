// Cross-check against the Stripe emulator, an independent implementation of the same money
// rules: every invoice of a 10,000-invoice scenario must verify with zero mismatches, except the
// imported invoices whose line amounts the scenario made wrong on purpose (`line_math`), which
// must all be caught. About a third of the invoices are subscription invoices made through the
// emulator's subscriptions and test clocks (renewals of per_unit, tiered and package prices, seat
// changes and plan swaps prorated or invoiced at once, trials, cancellations with a final
// proration credit, metered usage across tiers, discounts and default tax rates): their proration
// lines are recomputed from each change's time and the item's period, their tiered, package and
// metered lines from the price (and the usage events). Nothing of the emulator's money code is imported: only its entry point and
// scenario generator, and its invoices are read through its API.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromStripeInvoice, stripePriceInput, type StripeLineLike } from "./from-stripe-invoice";
import { meteredLineAmount } from "./metering";
import { priceAmount, type PriceInput } from "./pricing";
import { prorationCredit, prorationDebit } from "./proration";
import { recalculate } from "./recalculate";
import { loadEmulatorInvoices, type LoadedInvoices } from "./testing/emulator-invoices";
import { compareInvoice, verifyInvoice } from "./verify-invoice";
import { computeInvoice } from "./compute-invoice";
import type { LineInput, Mismatch } from "./types";

const root = path.resolve(import.meta.dirname, "../..");
// Skipped only while the emulator's modules do not exist yet.
const ready = existsSync(path.join(root, "stripe-emulator/index.ts")) && existsSync(path.join(root, "stripe-emulator/scenario/index.ts"));
const INVOICES = 10_000;
/** Of which at least this many subscription invoices (the histories make whole subscriptions). */
const SUBSCRIPTION_INVOICES = 3_000;

type Contract = { customer: string; price: string; product: string; unit_amount_decimal: string; valid_from: number; valid_to: number | null };
type Injected = { kind: string; customer: string; invoice: string; invoice_line?: string; expected?: Record<string, unknown> };
type Change = {
  subscription: string;
  item: string;
  at: number;
  period: { start: number; end: number };
  from: { price: string; quantity: number };
  to: { price: string; quantity: number } | null;
  behavior: string;
};
type Histories = {
  invoices: string[];
  changes: Change[];
  usage: { item: string; price: string; events: { timestamp: number; value: number }[] }[];
  counts: Record<string, number>;
};
type Manifest = { invoices: number; injected: Injected[]; contracts: Contract[]; subscription_histories?: Histories };
/** A subscription line as the emulator (and Stripe) renders it: which item, whether a proration. */
type SubLine = StripeLineLike & { parent?: { subscription_item_details?: { subscription_item?: string; proration?: boolean } | null } | null };

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
    const started = performance.now();
    manifest = generateScenario(running.emulator, { seed: 2026, invoices: INVOICES - SUBSCRIPTION_INVOICES, subscriptionInvoices: SUBSCRIPTION_INVOICES });
    const generated = performance.now();
    loaded = loadEmulatorInvoices(running.emulator);
    console.log(`scenario: generated in ${((generated - started) / 1000).toFixed(1)} s, loaded in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    await close?.();
  });

  it(`generated at least ${INVOICES.toLocaleString("en")} invoices, with line_math errors injected`, () => {
    expect(loaded.invoices.length).toBeGreaterThanOrEqual(INVOICES);
    expect(manifest.injected.filter((e) => e.kind === "line_math").length).toBeGreaterThan(0);
  });

  it("about a third of the invoices are subscription invoices (create, cycle, update, final), all of them verified below", () => {
    const h = manifest.subscription_histories!;
    const reasons = new Map<string, number>();
    const ids = new Set(h.invoices);
    for (const { invoice } of loaded.invoices)
      if (ids.has(invoice.id)) {
        const r = (invoice as { billing_reason?: string }).billing_reason ?? "";
        reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
    console.log("subscription invoices by billing_reason", Object.fromEntries(reasons), "histories", h.counts);
    expect(h.invoices.length).toBeGreaterThanOrEqual(SUBSCRIPTION_INVOICES);
    expect([...reasons.values()].reduce((a, b) => a + b, 0)).toBe(h.invoices.length);
    for (const r of ["subscription_create", "subscription_cycle", "subscription_update", "manual"]) expect(reasons.get(r) ?? 0, r).toBeGreaterThan(0);
    for (const k of ["trials", "with_discount", "with_default_tax_rates", "canceled_now_prorated", "canceled_at_period_end", "items_metered"])
      expect(h.counts[k] ?? 0, k).toBeGreaterThan(0);
    for (const b of ["create_prorations", "always_invoice"])
      for (const c of ["plan_swaps", "quantity_changes"]) expect(h.counts[`${c}_${b}`] ?? 0, `${c}_${b}`).toBeGreaterThan(0);
  });

  it("subscription lines: prorations from the change's time and the item's period, tiered, package and metered lines from the price and usage", () => {
    const h = manifest.subscription_histories!;
    const ids = new Set(h.invoices);
    const price = (id: string): PriceInput => {
      const p = loaded.lookups.prices.get(id);
      const input = p ? stripePriceInput(p) : null;
      if (!input) throw new Error(`price ${id}: not readable`);
      return input;
    };
    const changes = new Map<string, Change[]>();
    for (const c of h.changes) changes.set(`${c.item}@${c.at}`, [...(changes.get(`${c.item}@${c.at}`) ?? []), c]);
    const usage = new Map(h.usage.map((u) => [u.item, u]));
    const counts: Record<string, number> = { per_unit: 0, package: 0, tiered: 0, metered: 0, proration: 0, trial: 0 };
    const matched = new Set<Change>();
    const wrong: string[] = [];
    const expectLine = (kind: string, l: StripeLineLike, expected: bigint) => {
      counts[kind]++;
      if (BigInt(l.amount) !== expected) wrong.push(`${kind} ${l.id}: billed ${l.amount}, expected ${expected}`);
    };
    for (const { invoice, lines } of loaded.invoices) {
      if (!ids.has(invoice.id)) continue;
      const prorated = new Map<string, Pick<LineInput, "price" | "quantity" | "proration">>();
      for (const l of lines as SubLine[]) {
        const priceId = l.pricing?.price_details?.price as string;
        const item = l.parent?.subscription_item_details?.subscription_item;
        const p = loaded.lookups.prices.get(priceId)!;
        const quantity = l.quantity ?? 0;
        if (l.parent?.subscription_item_details?.proration) {
          // credit: the old price and quantity; debit: the new ones (a change always alters one)
          const c = (changes.get(`${item}@${l.period!.start}`) ?? []).find(
            (x) => (x.from.price === priceId && x.from.quantity === quantity) || (x.to?.price === priceId && x.to.quantity === quantity),
          );
          if (!c) {
            wrong.push(`proration ${l.id}: no change of ${item} at ${l.period!.start}`);
            continue;
          }
          matched.add(c);
          const credit = c.from.price === priceId && c.from.quantity === quantity;
          const side = credit ? c.from : c.to!;
          const make = credit ? prorationCredit : prorationDebit;
          expect(l.period!.end).toBe(c.period.end);
          expectLine("proration", l, make({ price: price(side.price), quantity: side.quantity }, c.period, c.at, invoice.currency).amount);
          prorated.set(l.id, {
            price: price(side.price),
            quantity: side.quantity,
            proration: { side: credit ? "credit" : "debit", periodStart: c.period.start, periodEnd: c.period.end, prorationDate: c.at },
          });
        } else if (Number(l.pricing?.unit_amount_decimal) === 0 && l.amount === 0 && /^Trial period for /.test(l.description ?? "")) {
          counts.trial++;
        } else if ((p as { recurring?: { usage_type?: string } }).recurring?.usage_type === "metered") {
          const u = usage.get(item!);
          const m = meteredLineAmount(price(priceId), "sum", u?.events ?? [], l.period!, invoice.currency);
          expect(m.usage.n, `usage of ${l.id}`).toBe(BigInt(quantity) * m.usage.d);
          expectLine("metered", l, m.amount);
        } else {
          const kind = p.billing_scheme === "tiered" ? "tiered" : p.transform_quantity ? "package" : "per_unit";
          expectLine(kind, l, priceAmount(price(priceId), quantity, invoice.currency).amount);
        }
      }
      // the whole invoice computed by the billing math with its proration lines priced from their
      // change (as the desk's recalculation does): discounts, taxes and totals as stored
      const { input, stored } = fromStripeInvoice(invoice, { ...loaded.lookups, lines });
      const withProrations = { ...input, lines: input.lines.map((li) => ({ ...li, ...prorated.get(li.id) })) };
      const m = compareInvoice(stored, computeInvoice(withProrations));
      if (m.length) wrong.push(`invoice ${invoice.id}: ${m.map((x) => `${x.field} ${x.actual} ≠ ${x.expected}`).join(", ")}`);
      if (prorated.size) counts.invoices_with_prorations_recomputed = (counts.invoices_with_prorations_recomputed ?? 0) + 1;
    }
    console.log("subscription lines checked by kind", counts, `changes matched ${matched.size}/${h.changes.length}`);
    expect(wrong.slice(0, 5), `${wrong.length} subscription lines disagree`).toEqual([]);
    for (const k of Object.keys(counts)) expect(counts[k], k).toBeGreaterThan(100);
    // every change's proration lines were invoiced (on its next renewal, at once with
    // always_invoice, or on the cancellation's final invoice)
    expect(matched.size).toBe(h.changes.length);
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
