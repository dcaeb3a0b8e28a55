// The demo's history shows the billing audit at work: signed in as a listed staff user, the
// Findings page has a finding for each rule. The demo scenario is generated
// exactly as `npm run demo` generates it, projected as webhook delivery leaves it (lost webhooks
// included), then the demo's contracts are loaded as `npm run demo` loads them (which reconciles and sweeps).
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { startWorld } from "@/features/stripe-sync/testing/harness";
import { startEmulator } from "@/stripe-emulator";
import { payLostInstalment, seedDemoScenario, seedDemoSubscriptions } from "@/stripe-emulator/scenario";
import { demoContractsSchema, loadDemoContracts } from "./demo-contracts";
import { RULE_IDS } from "./rules";
import { loadEmulatorProjections } from "./testing/load-emulator-projections";
import type { RuleId } from "./types";
import { AUDIT_TABLES, PROJECTION_TABLES, quoteTables } from "@/features/stripe-sync/projection/tables";

// Settle's audit rows, then the projections (children first), as the demo resets them.
const TABLES = [...AUDIT_TABLES, ...PROJECTION_TABLES] as const;

// Every rule has a finding in the demo history, each from a mistake the scenario makes on
// purpose and records in its manifest (see stripe-emulator/scenario/demo-audit.ts and, for the
// subscription rules, subscription-errors.ts). Bob's subscriptions (seedDemoSubscriptions) are
// clean, which the live-sync case below checks (no finding outside the injected invoices).
const SHOWN: RuleId[] = [...RULE_IDS];
/** The demo's own mistake behind each rule the random injections do not reach, by manifest kind. */
const BY_KIND: [string, RuleId][] = [
  ["total_mismatch", "invoice_math"],
  ["billed_after_service_end", "after_service_end"],
  ["currency_mismatch", "currency_mismatch"],
  ["lost_payment_events", "lost_sync"],
  ["excess_refund", "refund_exceeds_charge"],
  ["lost_payment_events", "reconciliation_diff"],
  ["charged_after_subscription_end", "after_subscription_end"],
  ["trial_charged", "trial_charged"],
  ["subscription_quantity_mismatch", "quantity_mismatch"],
  ["proration_credit", "proration_credit"],
  ["metered_usage_mismatch", "metered_usage_mismatch"],
];

afterAll(async () => {
  await closeDb();
});

describe("the demo history", () => {
  it("gives the billing audit a finding for every rule, the contract rules and a reconciliation's included", async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`TRUNCATE ${quoteTables(TABLES)} CASCADE`);
    const running = await startEmulator({ port: 0 });
    try {
      const manifest = seedDemoScenario(running.emulator, { deliverWebhooks: false });
      await loadEmulatorProjections(db, running.emulator, { via: "bulk" });
      // As `npm run demo` does once the history is synced: a payment whose webhooks never arrive.
      payLostInstalment(running.emulator, manifest);
      // What the demo sends its server, parsed as the server parses it.
      const body = demoContractsSchema.parse(JSON.parse(JSON.stringify({ contracts: manifest.contracts, customer_discounts: manifest.customer_discounts })));
      const now = new Date((manifest.clock_end + 86_400) * 1000);
      // The demo's start reconciles with Stripe (the emulator) before it sweeps.
      const stripe = createStripe({ secretKey: "sk_test_demo_history", apiBase: running.url, maxNetworkRetries: 0 });
      const first = await loadDemoContracts(db, body, { now, stripe });
      expect(first.differences).toBeGreaterThan(0);
      expect(first.tariffs).toBeGreaterThan(0);
      // alice's seats contract carries its quantity (10), which the recalculation of her 12-seat invoice uses
      expect(await db.tariff.count({ where: { customer: { email: "alice@example.com" }, quantity: { not: null } } })).toBeGreaterThan(0);
      const byRule = Object.fromEntries(RULE_IDS.map((r) => [r, 0]));
      for (const f of await db.finding.groupBy({ by: ["rule"], _count: { _all: true } })) byRule[f.rule] = f._count._all;
      console.info("demo history findings by rule", byRule);
      expect(SHOWN.filter((r) => byRule[r] === 0)).toEqual([]);
      // Each on the invoice the scenario put its mistake on, not somewhere else by chance.
      const found = await db.finding.findMany({ select: { rule: true, invoice: { select: { stripeId: true } } } });
      for (const [kind, rule] of BY_KIND) {
        const invoices = manifest.injected.filter((e) => e.kind === kind).map((e) => e.invoice);
        expect(invoices.length, kind).toBeGreaterThan(0);
        expect(found.filter((f) => f.rule === rule && invoices.includes(f.invoice?.stripeId ?? "")).length, `${rule} on ${kind}`).toBeGreaterThan(0);
      }
      // a restart of the demo loads the same contracts again: nothing is duplicated
      const again = await loadDemoContracts(db, body, { now, stripe });
      expect(again.tariffs).toBe(0);
      expect(await db.tariff.count()).toBe(first.tariffs);
    } finally {
      await running.close();
    }
  }, 300_000);

  it("is the same through live webhook sync, which refetches what each event names (as `npm run demo` syncs)", async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`TRUNCATE ${quoteTables([...TABLES, "StripeEvent", "SyncCursor"])} CASCADE`);
    const world = await startWorld();
    try {
      const em = world.emu.emulator;
      const manifest = seedDemoScenario(em, { deliverWebhooks: true });
      await em.webhooks.flush();
      await drainEvents(await getDb(), { backoffMs: 10 });
      payLostInstalment(em, manifest);
      // and bob's subscriptions, as the demo adds them: their invoices are clean too
      const subs = seedDemoSubscriptions(em, manifest)!;
      await em.webhooks.flush();
      await drainEvents(await getDb(), { backoffMs: 10 });
      expect(await db.subscription.count({ where: { customer: { stripeId: subs.customer } } })).toBe(3);
      // with bob's tiered seat contract, as the demo sends it
      const contracts = [...manifest.contracts, subs.seatsContract];
      const body = demoContractsSchema.parse(JSON.parse(JSON.stringify({ contracts, customer_discounts: manifest.customer_discounts })));
      const stripe = createStripe({ secretKey: "sk_test_demo_history", apiBase: world.emu.url, maxNetworkRetries: 0 });
      await loadDemoContracts(db, body, { now: new Date((manifest.clock_end + 86_400) * 1000), stripe });
      expect(await db.tariff.count({ where: { customer: { stripeId: subs.customer }, tiersMode: "graduated" } })).toBe(1);
      const found = await db.finding.findMany({ select: { rule: true, invoice: { select: { stripeId: true } } } });
      const byRule = Object.fromEntries(RULE_IDS.map((r) => [r, found.filter((f) => f.rule === r).length]));
      console.info("demo history findings by rule, live sync", byRule);
      expect(RULE_IDS.filter((r) => byRule[r] === 0)).toEqual([]);
      // Only on the invoices the scenario got wrong on purpose.
      const injected = new Set(manifest.injected_invoice_ids);
      expect(found.filter((f) => !injected.has(f.invoice?.stripeId ?? "")).map((f) => `${f.rule} ${f.invoice?.stripeId}`)).toEqual([]);
      const lost = manifest.injected.find((e) => e.kind === "lost_payment_events")!.invoice;
      expect(
        found
          .filter((f) => f.invoice?.stripeId === lost)
          .map((f) => f.rule)
          .sort(),
      ).toEqual(["lost_sync", "reconciliation_diff"]);
    } finally {
      await world.close();
    }
  }, 600_000);
});
