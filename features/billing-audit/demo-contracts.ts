// The demo's contracts: the scenario's contracted tariffs and discounts (the demo generates them
// with the billing history, e.g. alice's 10 seats) loaded into Settle once the history is synced,
// then a full audit sweep, so the contract rules have something to compare bills with and the
// Findings page shows what they find. Called by `npm run demo` (app/api/demo/contracts).
import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { runReconciliation } from "@/features/stripe-sync/reconciliation/run-reconciliation";
import { tierBounds } from "@/features/billing-math";
import { refreshMeterUsage } from "./meter-usage/refresh-meter-usage";
import { runFullSweep, type SweepResult } from "./run-full-sweep";
import { importContractsFromManifest, type ContractsManifest } from "./testing/import-contracts";

const seconds = z.number().int().nonnegative();
const discount = z.object({
  coupon: z.string().min(1).max(200),
  percent_off: z.number().positive().max(100).optional(),
  amount_off: z.number().int().positive().optional(),
  valid_from: seconds,
  valid_to: seconds.nullable(),
});

const decimalText = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/);
const tier = z.object({
  up_to: z.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.literal("inf")]),
  unit_amount_decimal: decimalText.nullable(),
  flat_amount_decimal: decimalText.nullable(),
});

/** Tiers Stripe would accept: up_to rising, only the last one "inf" (pricing.ts checks the same). */
const validTiers = (tiers: z.infer<typeof tier>[]) => {
  try {
    tierBounds(tiers.map((t) => ({ upTo: t.up_to, unitAmountDecimal: t.unit_amount_decimal, flatAmountDecimal: t.flat_amount_decimal })));
    return true;
  } catch {
    return false;
  }
};

/** The part of a scenario manifest the demo sends (what importContractsFromManifest reads). */
export const demoContractsSchema = z.object({
  contracts: z
    .array(
      z
        .object({
          customer: z.string().min(1).max(200),
          price: z.string().min(1).max(200),
          product: z.string().min(1).max(200),
          currency: z.string().length(3),
          // per unit, or (bob's seats) tiered: one or the other
          unit_amount_decimal: decimalText.optional(),
          tiers_mode: z.enum(["graduated", "volume"]).optional(),
          tiers: z.array(tier).min(1).max(250).refine(validTiers).optional(),
          valid_from: seconds,
          valid_to: seconds.nullable(),
          quantity: z.number().positive().max(1e9).optional(),
          discount: discount.optional(),
        })
        .refine((c) => (c.unit_amount_decimal === undefined) === (c.tiers_mode !== undefined && c.tiers !== undefined)),
    )
    .max(5000),
  customer_discounts: z.array(discount.extend({ customer: z.string().min(1).max(200), currency: z.string().length(3).optional() })).max(5000),
});

const IMPORTED_NOTE = "imported from scenario manifest";

/**
 * Loads the contracts unless this database already has the demo's (a restart of the demo syncs
 * the same history again: its contracts stay as they were), runs a reconciliation with Stripe
 * (as a lead would: what webhook delivery lost, and the demo history loses some on purpose,
 * shows as differences), fetches the meters' totals for metered lines (as the scheduled sweep
 * does first), then sweeps every invoice, which turns those into findings too.
 */
export type DemoContractsOptions = { now?: Date; stripe?: Stripe };

export async function loadDemoContracts(
  db: Db,
  manifest: ContractsManifest,
  opts: DemoContractsOptions = {},
): Promise<{ tariffs: number; discounts: number; differences: number | null; sweep: SweepResult }> {
  const customerStripeIds = [...new Set(manifest.contracts.map((c) => c.customer))];
  const already = await db.tariff.count({ where: { note: IMPORTED_NOTE, customer: { stripeId: { in: customerStripeIds } } } });
  const imported = already > 0 ? { tariffs: 0, discounts: 0 } : await importContractsFromManifest(db, manifest);
  // A failed reconciliation is recorded on its run (the desk's Reconciliation page shows it);
  // the sweep runs either way.
  const differences = await runReconciliation(db, opts.stripe ? { stripe: opts.stripe } : {}).then(
    (r) => r.differences.length,
    (error: unknown) => {
      logger.warn({ error: error instanceof Error ? error.message : String(error) }, "demo: reconciliation failed");
      return null;
    },
  );
  try {
    await refreshMeterUsage(db, { stripe: opts.stripe ?? getStripe(), now: opts.now });
  } catch (error) {
    logger.warn({ error: error instanceof Error ? error.message : String(error) }, "demo: meter usage summaries not fetched");
  }
  const sweep = await runFullSweep(db, { now: opts.now });
  return { tariffs: imported.tariffs, discounts: imported.discounts, differences, sweep };
}
