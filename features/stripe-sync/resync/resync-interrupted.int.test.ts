// A resync interrupted midway by a 429 storm (every API call refused, the SDK's retries spent)
// resumes from the cursor it saved after its last page: the second run lists only what the
// first did not, never from zero.
import type Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { createStripe } from "@/lib/stripe";
import { runResync } from "./run-resync";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";

let world: SyncWorld;

beforeAll(async () => {
  world = await startWorld({ seed: 1717 });
  await resetSyncTables();
});
afterAll(async () => {
  await world.close();
  await closeDb();
});

it("a resync cut off by a 429 storm after its first page resumes after that page", async () => {
  const em = world.emu.emulator;
  em.webhooks.enabled = false;
  const admin = createStripe({ secretKey: "sk_test_settle_tests", apiBase: world.emu.url, maxNetworkRetries: 0 });
  for (let i = 0; i < 250; i += 25) await Promise.all(Array.from({ length: 25 }, (_, k) => admin.customers.create({ name: `c${i + k}` })));

  // The storm starts once the first page of customers has been answered.
  const client = createStripe({ secretKey: "sk_test_settle_tests", apiBase: world.emu.url, maxNetworkRetries: 1 });
  const pages: { starting_after?: string }[] = [];
  let stormAfter = 1; // pages answered before the storm; the second run has none
  const list = client.customers.list.bind(client.customers);
  client.customers.list = ((params: Stripe.CustomerListParams) => {
    pages.push({ starting_after: params?.starting_after });
    if (pages.length === stormAfter + 1) em.webhooks.setFaults({ rate429: 1 });
    return list(params);
  }) as typeof client.customers.list;

  await expect(runResync(await getDb(), { stripe: client })).rejects.toMatchObject({ statusCode: 429 });
  const db = await getDb();
  const cursor = await db.syncCursor.findUniqueOrThrow({ where: { resource: "customers" } });
  expect(cursor.completedAt).toBeNull();
  expect(cursor.cursor).toMatch(/^cus_/);
  const firstRun = await db.stripeEvent.count({ where: { source: "resync" } });
  expect(firstRun).toBe(100);

  em.webhooks.setFaults({ rate429: 0 });
  pages.length = 0;
  stormAfter = Infinity;
  const result = await runResync(await getDb(), { stripe: client });
  // The second run starts after the saved cursor and lists the other 150 only.
  expect(pages[0]).toEqual({ starting_after: cursor.cursor });
  expect(result.resources.customers).toBe(150);
  const rows = await db.stripeEvent.findMany({ where: { source: "resync" }, select: { objectId: true } });
  const customers = new Set(rows.map((r) => r.objectId).filter((id) => id?.startsWith("cus_")));
  expect(customers.size).toBe(250);
  expect(rows.filter((r) => r.objectId?.startsWith("cus_")).length).toBe(250); // none listed twice
});
