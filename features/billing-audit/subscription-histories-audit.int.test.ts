// False positives of proration_credit and metered_usage_mismatch on the scenario's subscription
// histories (subscription-history.ts, through test clocks: renewals, seat changes and plan swaps
// with their real credit prorations, trials, cancellations, metered usage on unaligned periods),
// beside one of each injected subscription mistake per 100 invoices: the two rules fire on their
// injected invoices only, and no other rule fires outside the injected invoices either.
import { afterAll, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { startEmulator } from "@/stripe-emulator";
import { generateScenario } from "@/stripe-emulator/scenario";
import { refreshMeterUsage } from "./meter-usage/refresh-meter-usage";
import { runFullSweep } from "./run-full-sweep";
import { importContractsFromManifest } from "./testing/import-contracts";
import { loadEmulatorProjections } from "./testing/load-emulator-projections";
import { AUDIT_TABLES, PROJECTION_TABLES, quoteTables } from "@/features/stripe-sync/projection/tables";

afterAll(async () => {
  await closeDb();
});

it("proration_credit and metered_usage_mismatch find their injections, and no rule fires on the subscription histories' own invoices", async () => {
  const db = await getDb();
  await db.$executeRawUnsafe(`TRUNCATE ${quoteTables([...AUDIT_TABLES, ...PROJECTION_TABLES])} CASCADE`);
  const running = await startEmulator({ port: 0, seed: 2026 });
  try {
    const manifest = generateScenario(running.emulator, { seed: 2026, invoices: 600, subscriptionInvoices: 1500, subscriptionErrors: 6 });
    await loadEmulatorProjections(db, running.emulator, { via: "bulk" });
    await importContractsFromManifest(db, manifest);
    const stripe = createStripe({ secretKey: "sk_test_audit", apiBase: running.url, maxNetworkRetries: 0 });
    const now = new Date((manifest.clock_end + 86_400) * 1000);
    const m = await refreshMeterUsage(db, { stripe, now });
    const sweep = await runFullSweep(db, { now });
    const injected = new Set(manifest.injected_invoice_ids);
    const found = await db.finding.findMany({ select: { rule: true, summary: true, invoice: { select: { stripeId: true } } } });
    const outside = found.filter((f) => !injected.has(f.invoice?.stripeId ?? ""));
    const [{ n: credits }] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "InvoiceLine" WHERE proration AND amount < 0 AND "creditedItems" IS NOT NULL`,
    );
    const metered = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "InvoiceLine" l JOIN "Price" p ON p.id = l."priceId" WHERE p."usageType" = 'metered'`,
    );
    console.info("subscription histories", {
      invoices: sweep.invoices,
      creditProrations: credits,
      meteredLines: metered[0].n,
      meterWindows: m,
      byRule: sweep.byRule,
    });
    // the histories have what the rules read: credit prorations naming their debit, metered lines with the meter's totals
    expect(credits).toBeGreaterThan(100);
    expect(metered[0].n).toBeGreaterThan(50);
    expect(m.failed).toBe(0);
    for (const kind of ["proration_credit", "metered_usage_mismatch"]) {
      const mine = manifest.injected.filter((e) => e.kind === kind);
      expect(mine.length).toBeGreaterThan(0);
      expect(found.filter((f) => f.rule === kind && mine.some((e) => e.invoice === f.invoice?.stripeId)).length, kind).toBe(mine.length);
    }
    // and no rule accuses the histories' own invoices (a trial line of a tiered price, billed 0, once made line_math do so)
    expect(outside.map((f) => `${f.rule} ${f.invoice?.stripeId}: ${f.summary}`)).toEqual([]);
  } finally {
    await running.close();
  }
}, 900_000);
