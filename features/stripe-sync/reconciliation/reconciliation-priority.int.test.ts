// Reconciliation is bulk work whoever starts it (the desk, the CLI): every Stripe request it makes
// draws on the bulk share of the shared API budget, after people's requests and projection.
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { currentStripePriority, type StripePriority } from "@/lib/stripe-budget";
import { runReconciliation } from "./run-reconciliation";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";

let world: SyncWorld;
beforeAll(async () => {
  world = await startWorld({ seed: 1718 });
  await resetSyncTables();
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

it("every request of a reconciliation is drawn at bulk priority", async () => {
  const stripe = createStripe({ secretKey: "sk_test_settle_tests", apiBase: world.emu.url, maxNetworkRetries: 0 });
  world.emu.emulator.webhooks.enabled = false;
  await stripe.customers.create({ name: "someone" });
  const seen: StripePriority[] = [];
  // The SDK emits `request` in the caller's async context, where the budget reads the priority.
  stripe.on("request", () => seen.push(currentStripePriority()));
  await runReconciliation(await getDb(), { stripe });
  expect(seen.length).toBeGreaterThanOrEqual(4); // invoices, charges, refunds, credit notes
  expect(new Set(seen)).toEqual(new Set(["bulk"]));
});
