// Reconciliation resumes where it stopped: each page's differences, the ids it listed and the
// cursor are committed together, so a run stopped part-way (here: aborted after a few pages, as a
// crash would leave it) continues from its last page, lists only what it had not listed, and ends
// with exactly the differences an uninterrupted run finds. Every request it makes is bulk work on
// the shared API budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { currentStripePriority, type StripePriority } from "@/lib/stripe-budget";
import { createStripe } from "@/lib/stripe";
import { generateScenario } from "@/stripe-emulator/scenario";
import { drainEvents } from "../processor/process-events";
import { runResync } from "../resync/run-resync";
import { ReconciliationAborted, runReconciliation, type Difference } from "./run-reconciliation";
import { startReconciliation } from "./start-reconciliation";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";

let world: SyncWorld;
const PAGE = 10;

beforeAll(async () => {
  await resetSyncTables();
  world = await startWorld({ seed: 2317 });
  world.emu.emulator.webhooks.enabled = false;
  generateScenario(world.emu.emulator, { seed: 2317, invoices: 45, deliverWebhooks: false });
  await runResync(await getDb());
  await drainEvents(await getDb(), { backoffMs: 10 });
  // Known differences, spread over the listing: amounts changed here, and an invoice Stripe never had.
  const db = await getDb();
  const invoices = await db.invoice.findMany({ orderBy: { stripeCreated: "desc" }, select: { id: true, stripeId: true } });
  for (const i of [1, Math.floor(invoices.length / 2), invoices.length - 2]) {
    await db.invoice.update({ where: { id: invoices[i].id }, data: { amountPaid: { increment: 7n } } });
  }
  await db.$executeRaw`
    INSERT INTO "Invoice" (id, "stripeId", "customerId", status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", livemode, "stripeCreated")
    SELECT gen_random_uuid()::text, 'in_not_in_stripe', "customerId", 'OPEN', currency, 100, 100, 100, 0, 100, livemode, "stripeCreated" - interval '1 day'
      FROM "Invoice" WHERE id = ${invoices[3].id}`;
}, 300_000);

afterAll(async () => {
  await world.close();
  await closeDb();
});

const key = (d: Difference) => `${d.entityType} ${d.stripeId} ${d.field} ${d.settleValue} ${d.stripeValue}`;
const invoiceListRequests = () => world.emu.emulator.limiter.counts.endpoints["GET /v1/invoices"]?.allowed ?? 0;

describe("reconciliation that stops part-way", () => {
  it("continues from its last page, lists only the rest, and finds exactly what an uninterrupted run finds", async () => {
    const db = await getDb();
    const full = await runReconciliation(await getDb(), { pageSize: PAGE });
    const expected = full.differences.map(key).sort();
    expect(expected.filter((d) => d.includes("amount_paid"))).toHaveLength(3);
    expect(expected).toContain("invoice in_not_in_stripe missing_in_stripe present null");
    const invoicePages = Math.ceil((await db.invoice.count()) / PAGE);
    expect(invoicePages).toBeGreaterThan(3);

    // Stopped after two pages of invoices, as a crash between two pages would leave it.
    const stop = new AbortController();
    let pages = 0;
    const before = invoiceListRequests();
    await expect(
      runReconciliation(await getDb(), {
        pageSize: PAGE,
        signal: stop.signal,
        onPage: () => {
          if (++pages === 2) stop.abort();
        },
      }),
    ).rejects.toBeInstanceOf(ReconciliationAborted);
    expect(invoiceListRequests() - before).toBe(2);
    const stopped = await db.reconciliationRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(stopped).toMatchObject({ resource: "invoices", checked: 2 * PAGE });
    expect(stopped.cursor).toMatch(/^in_/);
    expect(stopped.error).toContain("stopped");

    // Run again: the same run continues; every request is bulk work on the shared budget.
    const stripe = createStripe({ secretKey: "sk_" + "test_settle_tests", apiBase: world.emu.url, maxNetworkRetries: 0 });
    const priorities: StripePriority[] = [];
    stripe.on("request", () => priorities.push(currentStripePriority()));
    const resumedAt = invoiceListRequests();
    const resumed = await runReconciliation(await getDb(), { pageSize: PAGE, resume: true, stripe });
    expect(resumed.runId).toBe(stopped.id);
    expect(resumed.resumed).toBe(true);
    // Only the pages not listed before (the last page says has_more=false, so no empty page after it).
    expect(invoiceListRequests() - resumedAt).toBe(invoicePages - 2);
    expect(new Set(priorities)).toEqual(new Set(["bulk"]));
    expect(resumed.checked).toBe(full.checked);
    expect(resumed.differences.map(key).sort()).toEqual(expected);
    const run = await db.reconciliationRun.findUniqueOrThrow({ where: { id: stopped.id } });
    expect(run).toMatchObject({ error: null, resource: null, cursor: null, differences: expected.length });
    expect(run.finishedAt).not.toBeNull();
    expect(await db.reconciliationSeen.count({ where: { runId: stopped.id } })).toBe(0);
    // Nothing left to continue: the next run starts afresh.
    const next = await runReconciliation(await getDb(), { pageSize: PAGE, resume: true });
    expect(next.runId).not.toBe(stopped.id);
    expect(next.resumed).toBe(false);
  }, 300_000);

  it("the desk's start continues a stopped run (audited), not a new one", async () => {
    const db = await getDb();
    const expected = (await runReconciliation(await getDb(), { pageSize: PAGE })).differences.map(key).sort();
    const stop = new AbortController();
    await expect(runReconciliation(await getDb(), { pageSize: PAGE, signal: stop.signal, onPage: () => stop.abort() })).rejects.toBeInstanceOf(
      ReconciliationAborted,
    );
    const stopped = await db.reconciliationRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(stopped.resource).toBe("invoices");
    const agent = await db.user.create({ data: { email: `recon-resume-${Date.now()}@settle.test`, role: "AGENT" } });
    const started = await startReconciliation(db, { actor: { id: agent.id, role: agent.role }, waitMs: 120_000 });
    expect(started).toEqual({ runId: stopped.id, finished: true });
    const run = await db.reconciliationRun.findUniqueOrThrow({ where: { id: stopped.id } });
    expect(run).toMatchObject({ error: null, resource: null });
    const diffs = await db.reconciliationDiff.findMany({ where: { runId: stopped.id } });
    expect(diffs.map((d) => key(d)).sort()).toEqual(expected);
    expect(await db.auditEntry.count({ where: { entityId: stopped.id, action: "stripe_sync.reconcile", reason: "continued" } })).toBe(1);
  }, 300_000);
});
