import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { startEmulator, type RunningEmulator } from "../stripe-emulator";
import { checkPage, signInAs, withDb } from "./helpers";

const check = checkPage;

// The sync desk against the production build: health with a failed event that staff retry,
// and a reconciliation against the Stripe emulator the server is pointed at (STRIPE_API_BASE).
// The e2e database is shared with other specs: every count here is read from it.

const apiBase = new URL(process.env.E2E_STRIPE_API_BASE ?? "http://127.0.0.1:12111");
let emu: RunningEmulator | null = null;
let stripe: Stripe;

test.beforeAll(async () => {
  try {
    emu = await startEmulator({ port: Number(apiBase.port), host: apiBase.hostname, seed: 5 });
  } catch (error) {
    // Another spec (or a developer's `npm run stripe:emulator`) already serves this port.
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
  }
  stripe = new Stripe("sk_test_e2e_sync", { host: apiBase.hostname, port: Number(apiBase.port), protocol: "http", maxNetworkRetries: 0 });
});
test.afterAll(async () => {
  await emu?.close();
});

async function insertFailedEvent(): Promise<string> {
  const id = `evt_e2e_failed_${Date.now()}`;
  const payload = {
    id,
    object: "event",
    type: "invoice.paid",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: "in_e2e_gone", object: "invoice" } },
  };
  await withDb((c) =>
    c.query(
      `INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", livemode, "stripeCreated", payload, source, status, attempts, "lastError")
       VALUES ($1, 'invoice.paid', 'invoice', 'in_e2e_gone', false, now(), $2::jsonb, 'webhook', 'FAILED', 8, 'StripeAPIError: upstream 500 while refetching')`,
      [id, JSON.stringify(payload)],
    ),
  );
  return id;
}

test("an agent sees sync health and retries a failed event", async ({ page }) => {
  const eventId = await insertFailedEvent();
  const failedInDb = await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM "StripeEvent" WHERE status = 'FAILED'`)).rows[0].n as number);
  await signInAs(page, "agent@settle.test");
  await page
    .getByRole("navigation", { name: /main|основ/i })
    .getByRole("link", { name: "Sync", exact: true })
    .click();
  await expect(page).toHaveURL(/\/desk\/sync$/);
  await expect(page.getByRole("heading", { level: 1, name: "Stripe sync" })).toBeVisible();
  await expect(page.getByTestId("sync-failed")).toHaveText(String(failedInDb));
  // The e2e server runs on an sk_test_ key: the desk says so.
  await expect(page.getByTestId("sync-mode")).toContainText("Stripe mode: Test");
  await expect(page.getByTestId("sync-mode")).toContainText("reconciles and audits test-mode objects only");
  // Against the local emulator there is no shared API budget; the desk says so and counts throttling.
  await expect(page.getByTestId("sync-api-budget")).toContainText("No shared budget: Settle talks to the local Stripe emulator");
  await expect(page.getByTestId("sync-throttled")).toHaveText(/^\d+$/);
  const row = page.getByTestId(`failed-${eventId}`);
  await expect(row).toContainText("StripeAPIError: upstream 500 while refetching");
  // Agents may retry but not resync.
  await expect(page.getByText("Only leads and admins can start a resync.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Resync from Stripe" })).toHaveCount(0);
  await check(page, "desk-sync");

  await row.getByRole("button", { name: `Retry event ${eventId}` }).click();
  // The page is re-rendered after the action: the event is no longer a failed one.
  await expect(page.getByTestId(`failed-${eventId}`)).toHaveCount(0);
  await expect(page.getByTestId("sync-failed")).toHaveText(String(failedInDb - 1));
  const after = await withDb(async (c) => ({
    status: (await c.query(`SELECT status::text AS s FROM "StripeEvent" WHERE id = $1`, [eventId])).rows[0].s as string,
    audit: (await c.query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE "entityId" = $1 AND action = 'stripe_event.retry'`, [eventId])).rows[0]
      .n as number,
  }));
  // Queued again (the in-process processor may already have taken it: it is no longer FAILED).
  expect(after.audit).toBe(1);
  expect(["PENDING", "PROCESSING", "PROCESSED"]).toContain(after.status);
});

/** Pauses (or resumes) the emulator's webhook deliveries: the global e2e emulator syncs everything to the app. */
const webhooks = (enabled: boolean) =>
  fetch(`${apiBase.origin}/_emulator/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled }) });

test("a lead runs a reconciliation and sees each difference; the resync button is there", async ({ page }) => {
  // An invoice Stripe has and Settle never heard of: at least this one difference. Its webhooks
  // are held back so it stays unknown to Settle until the reconciliation has run.
  await webhooks(false);
  let invoice: Stripe.Invoice;
  try {
    const customer = await stripe.customers.create({ email: `recon-${Date.now()}@example.test`, name: "Recon Test" });
    invoice = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
  } finally {
    await webhooks(true);
  }
  await signInAs(page, "lead@settle.test");
  await page.goto("/desk/sync");
  await expect(page.getByRole("button", { name: "Resync from Stripe" })).toBeEnabled();
  await page.getByRole("link", { name: "Reconciliation with Stripe →" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reconciliation with Stripe" })).toBeVisible();
  const runsBefore = await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM "ReconciliationRun"`)).rows[0].n as number);
  await page.getByRole("button", { name: "Run reconciliation" }).click();
  await expect(page.getByText("Reconciliation finished.")).toBeVisible({ timeout: 20_000 });
  const run = await withDb(
    async (c) =>
      (await c.query(`SELECT id, differences, "finishedAt" FROM "ReconciliationRun" ORDER BY "startedAt" DESC LIMIT 1`)).rows[0] as {
        id: string;
        differences: number;
        finishedAt: Date | null;
      },
  );
  expect(await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM "ReconciliationRun"`)).rows[0].n as number)).toBe(runsBefore + 1);
  expect(run.finishedAt).not.toBeNull();
  expect(run.differences).toBeGreaterThan(0);
  await expect(page.getByTestId("reconciliation-runs").getByRole("row")).toHaveCount(runsBefore + 1);
  const diffs = page.getByTestId("reconciliation-diffs");
  await expect(diffs.getByRole("row")).toHaveCount(Math.min(run.differences, 500));
  const mine = diffs.getByRole("row").filter({ hasText: invoice.id });
  await expect(mine).toContainText("missing in Settle");
  expect(
    await withDb(
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE "entityId" = $1 AND action = 'stripe_sync.reconcile'`, [run.id])).rows[0].n as number,
    ),
  ).toBe(1);
  await check(page, "desk-reconciliation");
});

test("a customer cannot reach the sync desk", async ({ page }) => {
  await signInAs(page, "alice@example.com");
  const res = await page.goto("/desk/sync");
  expect(res?.status()).toBe(404);
  const res2 = await page.goto("/desk/sync/reconciliation");
  expect(res2?.status()).toBe(404);
});
