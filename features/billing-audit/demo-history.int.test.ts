// The demo's history shows the billing audit at work: signed in as a listed staff user, the
// Findings page has a finding for each rule the demo can show. The demo scenario is generated
// exactly as `npm run demo` generates it, projected as webhook delivery leaves it (lost webhooks
// included), then the demo's contracts are loaded as `npm run demo` loads them (which sweeps).
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { startEmulator } from "@/stripe-emulator";
import { seedDemoScenario } from "@/stripe-emulator/scenario";
import { demoContractsSchema, loadDemoContracts } from "./demo-contracts";
import { RULE_IDS } from "./rules";
import { loadEmulatorProjections } from "./testing/load-emulator-projections";
import type { RuleId } from "./types";

const TABLES = ["Finding", "Tariff", "ContractedDiscount", "ReconciliationDiff", "ReconciliationRun", "CreditNoteLine", "CreditNote", "Chargeback", "Refund", "InvoicePayment", "InvoiceLineDiscount", "InvoiceLineTax", "InvoiceLine", "InvoiceDiscount", "InvoiceTax", "Invoice", "Charge", "PaymentIntent", "Price", "Customer"];

// What the demo history shows today. The others need history the demo does not generate yet:
// a total that does not add up (invoice_math), a line billed after its contract ended
// (after_service_end), an invoice in another currency than its contract (currency_mismatch), an
// invoice left open after its payment's events were lost (lost_sync), more refunded than charged
// (refund_exceeds_charge); reconciliation_diff appears once a lead runs a reconciliation.
const SHOWN: RuleId[] = ["line_math", "duplicate_charge", "overpayment", "tariff_price", "contract_discount"];
const NOT_YET: RuleId[] = ["invoice_math", "after_service_end", "currency_mismatch", "lost_sync", "refund_exceeds_charge", "reconciliation_diff"];

afterAll(async () => {
  await closeDb();
});

describe("the demo history", () => {
  it("names every audit rule once, as shown or not yet shown", () => {
    expect([...SHOWN, ...NOT_YET].sort()).toEqual([...RULE_IDS].sort());
  });

  it("gives the billing audit a finding for each rule it shows, the contract rules included", async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} CASCADE`);
    const running = await startEmulator({ port: 0 });
    try {
      const manifest = seedDemoScenario(running.emulator, { deliverWebhooks: false });
      await loadEmulatorProjections(db, running.emulator, { via: "bulk" });
      // What the demo sends its server, parsed as the server parses it.
      const body = demoContractsSchema.parse(JSON.parse(JSON.stringify({ contracts: manifest.contracts, customer_discounts: manifest.customer_discounts })));
      const now = new Date((manifest.clock_end + 86_400) * 1000);
      const first = await loadDemoContracts(body, { db, now });
      expect(first.tariffs).toBeGreaterThan(0);
      // alice's seats contract carries its quantity (10), which the recalculation of her 12-seat invoice uses
      expect(await db.tariff.count({ where: { customer: { email: "alice@example.com" }, quantity: { not: null } } })).toBeGreaterThan(0);
      const byRule = Object.fromEntries(RULE_IDS.map((r) => [r, 0]));
      for (const f of await db.finding.groupBy({ by: ["rule"], _count: { _all: true } })) byRule[f.rule] = f._count._all;
      console.info("demo history findings by rule", byRule);
      expect(SHOWN.filter((r) => byRule[r] === 0)).toEqual([]);
      // a restart of the demo loads the same contracts again: nothing is duplicated
      const again = await loadDemoContracts(body, { db, now });
      expect(again.tariffs).toBe(0);
      expect(await db.tariff.count()).toBe(first.tariffs);
    } finally {
      await running.close();
    }
  }, 300_000);

  for (const rule of NOT_YET) it.todo(`shows a ${rule} finding`);
});
