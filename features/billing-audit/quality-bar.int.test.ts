// The quality bar: on the emulator's scenario with injected billing errors (10,000
// invoices), the full sweep finds every injected error (recall 100 %) and fires on no clean
// invoice; then again for a second seed. Projections are filled by the sync's own applyObjects
// as webhook delivery would have left them (lost webhooks included), contracts are imported
// as tariffs, the sync's reconciliation runs against the emulator, then the sweep.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { runReconciliation } from "@/features/stripe-sync/reconciliation/run-reconciliation";
import { startEmulator } from "@/stripe-emulator";
import { generateScenario, type ScenarioManifest } from "@/stripe-emulator/scenario";
import { refreshMeterUsage } from "./meter-usage/refresh-meter-usage";
import { runFullSweep } from "./run-full-sweep";
import { importContractsFromManifest } from "./testing/import-contracts";
import { loadEmulatorProjections } from "./testing/load-emulator-projections";
import { AUDIT_TABLES, PROJECTION_TABLES, quoteTables } from "@/features/stripe-sync/projection/tables";

// The 10,000 invoices on the main seed; a smaller second scenario from another seed keeps
// the file near its time budget (generation alone is ~50 s per 10,000 here). Both overridable.
const RUNS: [number, number][] = [
  [2026, Number(process.env.AUDIT_QB_INVOICES ?? 10_000)],
  [7331, Number(process.env.AUDIT_QB_SECOND_INVOICES ?? 5_000)],
];

// Which finding proves each injected error was caught (fingerprints are built from Stripe ids).
const CAUGHT_BY: Record<string, (e: ScenarioManifest["injected"][number]) => string[]> = {
  duplicate_charge: (e) => [`duplicate_charge:${e.charge}`],
  double_payment: (e) => [`overpayment:${e.invoice}`],
  tariff_mismatch: (e) => [`tariff_price:${e.invoice_line}`],
  line_math: (e) => [`line_math:${e.invoice_line}`],
  missing_discount: (e) =>
    e.expected?.scope === "line"
      ? [`contract_discount:missing:${e.invoice_line}:${e.expected?.coupon}`]
      : [`contract_discount:missing:${e.invoice}:${e.expected?.coupon}`],
  dropped_webhooks: (e) => [`reconciliation_diff:invoice:${e.invoice}`, `lost_sync:${e.invoice}`],
  charged_after_subscription_end: (e) => [`after_subscription_end:${e.invoice_line}`],
  trial_charged: (e) => [`trial_charged:${e.invoice_line}`],
  subscription_quantity_mismatch: (e) => [`quantity_mismatch:${e.invoice_line}`],
  proration_credit: (e) => [`proration_credit:${e.invoice_line}`],
  metered_usage_mismatch: (e) => [`metered_usage_mismatch:${e.invoice_line}`],
};

/** The rule each subscription mistake is for (issue 16): its recall and false positives are printed per rule. */
const SUBSCRIPTION_RULES: [kind: string, rule: string][] = [
  ["charged_after_subscription_end", "after_subscription_end"],
  ["trial_charged", "trial_charged"],
  ["subscription_quantity_mismatch", "quantity_mismatch"],
  ["proration_credit", "proration_credit"],
  ["metered_usage_mismatch", "metered_usage_mismatch"],
];

// Settle's audit rows, then the projections (children first), as the demo resets them.
const TABLES = [...AUDIT_TABLES, ...PROJECTION_TABLES] as const;

afterAll(async () => {
  await closeDb();
});

describe.each(RUNS)("billing audit quality bar, scenario seed %i", (seed, INVOICES) => {
  it(`finds every injected error and nothing on clean invoices (${INVOICES} invoices)`, async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`TRUNCATE ${quoteTables(TABLES)} CASCADE`);
    const running = await startEmulator({ port: 0, seed });
    try {
      const t0 = Date.now();
      // 1 % of the invoices' count per subscription mistake, as for the other kinds.
      const manifest = generateScenario(running.emulator, { seed, invoices: INVOICES, subscriptionErrors: Math.max(1, Math.round(INVOICES * 0.01)) });
      const t1 = Date.now();
      await loadEmulatorProjections(db, running.emulator, { via: "bulk" });
      const t2 = Date.now();
      await importContractsFromManifest(db, manifest);
      const stripe = createStripe({ secretKey: "sk_test_audit", apiBase: running.url, maxNetworkRetries: 0 });
      await runReconciliation(db, { stripe });
      // the meters' totals for the metered lines, as the scheduled sweep fetches them before it runs
      const meters = await refreshMeterUsage(db, { stripe, now: new Date((manifest.clock_end + 86_400) * 1000) });
      expect(meters.failed).toBe(0);
      const t3 = Date.now();
      const sweep = await runFullSweep(db, { now: new Date((manifest.clock_end + 86_400) * 1000) });
      console.info(
        `seed ${seed}: generate ${t1 - t0} ms, load ${t2 - t1} ms, reconcile + ${meters.fetched} meter summaries ${t3 - t2} ms, sweep ${sweep.ms} ms, ${sweep.invoices} invoices, ${sweep.findings} findings`,
        sweep.byRule,
      );

      expect(sweep.invoices).toBe(manifest.invoices);
      expect(manifest.injected.length).toBeGreaterThan(0);
      const findings = await db.finding.findMany({ select: { fingerprint: true, rule: true, summary: true, invoice: { select: { stripeId: true } } } });
      const fingerprints = new Set(findings.map((f) => f.fingerprint));
      const missed = manifest.injected.filter((e) => !CAUGHT_BY[e.kind](e).some((fp) => fingerprints.has(fp)));
      expect(missed.slice(0, 5), `${missed.length} of ${manifest.injected.length} injected errors missed`).toEqual([]);
      const injected = new Set(manifest.injected_invoice_ids);
      const falsePositives = findings.filter((f) => !f.invoice || !injected.has(f.invoice.stripeId));
      // Per subscription rule: recall over its own mistakes, and where else it fired (any other
      // invoice, injected with another mistake or clean, is a false positive of that rule).
      for (const [kind, rule] of SUBSCRIPTION_RULES) {
        const mine = manifest.injected.filter((e) => e.kind === kind);
        const caught = mine.filter((e) => CAUGHT_BY[kind](e).some((fp) => fingerprints.has(fp))).length;
        const own = new Set(mine.map((e) => e.invoice));
        const fired = findings.filter((f) => f.rule === rule);
        const fp = fired.filter((f) => !f.invoice || !own.has(f.invoice.stripeId)).length;
        console.info(`seed ${seed} ${rule}: recall ${caught}/${mine.length}, false positives ${fp} (of ${fired.length} findings, ${sweep.invoices} invoices)`);
        expect(mine.length, kind).toBeGreaterThan(0);
        expect(caught, `${rule} recall`).toBe(mine.length);
        expect(fp, `${rule} false positives`).toBe(0);
      }
      // proration_credit tells its two mistakes apart: the double credit is found through the subscription's
      // own earlier credit proration (loaded by subscription item), not merely as too large a credit
      const kinds = new Map(
        (await db.finding.findMany({ where: { rule: "proration_credit" }, select: { fingerprint: true, evidence: true } })).map((f) => [
          f.fingerprint,
          (f.evidence as { kind?: string }).kind,
        ]),
      );
      const variants = manifest.injected
        .filter((e) => e.kind === "proration_credit")
        .map((e) => [e.details.variant, kinds.get(`proration_credit:${e.invoice_line}`)]);
      expect(variants.filter(([want, got]) => want !== got)).toEqual([]);
      expect(new Set(variants.map(([v]) => v))).toEqual(new Set(["double_credit", "over_credit"]));
      expect(falsePositives.slice(0, 5), `${falsePositives.length} findings outside injected invoices`).toEqual([]);
    } finally {
      await running.close();
    }
  }, 400_000);
});

describe("the bulk loader matches the real sync path", () => {
  it("applying the same scenario through stripe-sync's applyObjects gives the same findings", async () => {
    const db = await getDb();
    const running = await startEmulator({ port: 0, seed: 99 });
    try {
      // with one of each subscription mistake: subscription, proration and metered lines go through both paths too
      const manifest = generateScenario(running.emulator, { seed: 99, invoices: 150, subscriptionErrors: 1 });
      const fingerprints: string[][] = [];
      for (const via of ["sync", "bulk"] as const) {
        await db.$executeRawUnsafe(`TRUNCATE ${quoteTables(TABLES)} CASCADE`);
        await loadEmulatorProjections(db, running.emulator, { via });
        await importContractsFromManifest(db, manifest);
        await runFullSweep(db, { now: new Date((manifest.clock_end + 86_400) * 1000) });
        fingerprints.push((await db.finding.findMany({ select: { fingerprint: true } })).map((f) => f.fingerprint).sort());
      }
      expect(fingerprints[0].length).toBeGreaterThan(0);
      expect(fingerprints[1]).toEqual(fingerprints[0]);
    } finally {
      await running.close();
    }
  }, 300_000);
});
