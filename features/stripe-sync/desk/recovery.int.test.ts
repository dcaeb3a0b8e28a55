import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { healthResponse as health } from "./get-sync-health";
import { drainEvents } from "../processor/process-events";
import { runReconciliation } from "../reconciliation/run-reconciliation";
import { runResync } from "../resync/run-resync";
import { replayEvents } from "../replay/replay-events";
import { hashProjections } from "../replay/hash-projections";
import { getSyncHealth } from "./get-sync-health";
import { retryFailedEvent } from "./retry-failed-event";
import { listReconciliationDiffs } from "../reconciliation/list-reconciliation-diffs";
import { onProjectionChanged } from "../processor/notifier";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient, paidInvoice } from "../testing/billing";
import { stripeSource } from "../events/stripe-source";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 7 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.reset();
  world.emu.emulator.webhooks.enabled = true;
  world.emu.emulator.webhooks.setFaults({ rate429: 0, rate500: 0, dropRate: 0 });
});

async function someBilling() {
  const a = await paidInvoice(stripe, { lines: 11 });
  const b = await paidInvoice(stripe, { lines: 2, pay: false });
  const payment = (await stripe.invoicePayments.list({ invoice: a.invoice.id })).data[0];
  await stripe.refunds.create({ payment_intent: payment.payment.payment_intent as string, amount: 150 });
  await stripe.creditNotes.create({ invoice: a.invoice.id, amount: 300, out_of_band_amount: 300 });
  await stripe.invoices.voidInvoice(b.invoice.id);
  return { a, b };
}

describe("recovery", () => {
  it("resync recovers dropped deliveries: every resource listed, missed events fetched, zero differences", async () => {
    world.emu.emulator.webhooks.enabled = false; // nothing delivered at all
    await someBilling();
    world.emu.emulator.internal.markEventsUndelivered(() => true);
    const before = await runReconciliation(await getDb());
    expect(before.differences.length).toBeGreaterThan(0);
    expect(await listReconciliationDiffs(await getDb(), { runId: before.runId })).toHaveLength(before.differences.length);
    const result = await runResync(await getDb());
    expect(result.resources.invoices).toBe(2);
    expect(result.missedEvents).toBeGreaterThan(5);
    await drainEvents(await getDb());
    const after = await runReconciliation(await getDb());
    expect(after.differences).toEqual([]);
    const h = await getSyncHealth(await getDb());
    expect(h).toMatchObject({ database: "ok", backlog: 0, failedEvents: 0, lastReconciliation: { differences: 0 } });
  });

  it("resync resumes from its saved cursor", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ name: `c${i}` })).id);
    const db = await getDb();
    // An interrupted run had stored the newest two (lists are newest first).
    await db.syncCursor.create({ data: { resource: "customers", cursor: ids[3] } });
    const result = await runResync(await getDb());
    expect(result.resources.customers).toBe(3);
    expect((await db.syncCursor.findUniqueOrThrow({ where: { resource: "customers" } })).completedAt).not.toBeNull();
    expect((await runResync(await getDb())).resources.customers).toBe(5); // a completed cursor starts over
  });

  it("replay from the inbox alone rebuilds exactly the live projections (content hash), without the API", async () => {
    await someBilling();
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb());
    const live = await hashProjections(await getDb());
    expect(live.tables.InvoiceLine.rows).toBe(13);
    expect(live.tables.CreditNote.rows).toBe(1);
    world.emu.emulator.webhooks.setFaults({ rate500: 1 }); // any API call would now fail
    const r = await replayEvents(await getDb(), { reset: true });
    expect(r.events).toBeGreaterThan(3); // superseded events were settled by their object's refetch
    const replayed = await hashProjections(await getDb());
    expect(replayed.tables).toEqual(live.tables);
    expect(replayed.hash).toBe(live.hash);
    await replayEvents(await getDb(), { reset: false });
    expect((await hashProjections(await getDb())).hash).toBe(live.hash);
  });

  it("notifies listeners after commit with customer and invoice ids", async () => {
    const seen: { kind: string; invoiceId?: string | null; customerId?: string | null }[] = [];
    const off = onProjectionChanged((c) => {
      seen.push(c);
    });
    await paidInvoice(stripe, { lines: 1 });
    await world.emu.emulator.webhooks.flush();
    await drainEvents(await getDb());
    off();
    const inv = seen.find((c) => c.kind === "invoice");
    expect(inv?.invoiceId).toBeTruthy();
    expect(inv?.customerId).toBeTruthy();
  });

  it("health: JSON with backlog, oldest age and failed events; a failed event can be retried by staff", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice } = await paidInvoice(stripe, { lines: 1 });
    const ev = (await stripe.events.list({ limit: 100 })).data.find((e) => e.type === "invoice.paid" && (e.data.object as { id: string }).id === invoice.id)!;
    const db = await getDb();
    await db.stripeEvent.create({
      data: {
        id: ev.id,
        type: ev.type,
        objectId: invoice.id,
        stripeCreated: new Date(ev.created * 1000),
        payload: JSON.parse(JSON.stringify(ev)),
        receivedAt: new Date(Date.now() - 120_000),
      },
    });
    let body = await (await health()).json();
    expect(body).toMatchObject({ database: "ok", backlog: 1, failedEvents: 0 });
    expect(body.oldestUnprocessedAgeSeconds).toBeGreaterThanOrEqual(119);
    // A failure that is not Stripe asking to slow down (those never fail an event): the object
    // cannot be read at all.
    const broken = {
      ...stripeSource(stripe),
      retrieve: async () => {
        throw new Error("object could not be read");
      },
    };
    await drainEvents(await getDb(), { maxAttempts: 1, source: broken });
    body = await (await health()).json();
    expect(body).toMatchObject({ backlog: 0, failedEvents: 1 });
    expect(JSON.stringify(body)).not.toMatch(/@|cus_/);
    const user = await db.user.create({ data: { email: `agent${Date.now()}@settle.test`, role: "AGENT" } });
    await retryFailedEvent(db, { actor: user, eventId: ev.id });
    await drainEvents(await getDb());
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: ev.id } })).status).toBe("PROCESSED");
    expect(await db.auditEntry.count({ where: { entityId: ev.id, action: "stripe_event.retry" } })).toBe(1);
    await expect(retryFailedEvent(db, { actor: user, eventId: ev.id })).rejects.toThrow(/desk\.sync\.onlyFailed/);
  });
});
