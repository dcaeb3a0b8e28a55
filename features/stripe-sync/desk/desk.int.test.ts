import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb, type Db } from "@/lib/db";
import { actionMatrix, createRoleActors, featureMatrix, form, idle, type MatrixCase, type Who } from "@/lib/testing/role-matrix";
import { resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient, paidInvoice } from "../testing/billing";
import type { Actor } from "@/features/auth/actor";
import { drainEvents } from "../processor/process-events";
import { getSyncDesk } from "./get-sync-desk";
import { getReconciliationDesk } from "./get-reconciliation-desk";
import { retryFailedEvent } from "./retry-failed-event";
import { startReconciliation } from "../reconciliation/start-reconciliation";
import { requestResync } from "../resync/request-resync";
import { isResyncRunning } from "../resync/run-resync";

// Server actions read the session through getSessionUser; here it returns whoever is set.
const session = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/features/auth/get-session-user", () => ({ getSessionUser: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const actions = await import("./actions");
const pageData = await import("./page-data");

let world: SyncWorld;
let stripe: Stripe;
let db: Db;
const actors = {} as Record<Who, Actor>;

async function failedEvent(): Promise<string> {
  const id = `evt_desk_${Math.random().toString(36).slice(2)}`;
  await db.stripeEvent.create({
    data: {
      id,
      type: "invoice.paid",
      objectId: "in_desk_missing",
      stripeCreated: new Date(),
      payload: { id, data: { object: { id: "in_desk_missing", object: "invoice" } } },
      status: "FAILED",
      attempts: 8,
      lastError: "StripeAPIError: boom",
    },
  });
  return id;
}
const waitResyncIdle = () => vi.waitFor(() => expect(isResyncRunning()).toBe(false), { timeout: 30_000, interval: 50 });

beforeAll(async () => {
  world = await startWorld({ seed: 11 });
  stripe = apiClient(world.emu.url);
  db = await getDb();
  await createRoleActors(actors, async (role, who) => {
    const u = await db.user.create({ data: { email: `sync-desk-${who}-${Date.now()}@settle.test`, role } });
    return { id: u.id, role: u.role };
  });
});
afterAll(async () => {
  await waitResyncIdle();
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await waitResyncIdle();
  await resetSyncTables();
  world.emu.emulator.reset();
  world.emu.emulator.webhooks.enabled = false;
});

const features: MatrixCase<Actor, unknown>[] = [
  { name: "getSyncDesk", min: "AGENT", call: (a) => getSyncDesk(db, { actor: a }) },
  { name: "getReconciliationDesk", min: "AGENT", call: (a) => getReconciliationDesk(db, { actor: a }) },
  { name: "retryFailedEvent", min: "AGENT", call: async (a) => retryFailedEvent(db, { actor: a, eventId: await failedEvent() }) },
  { name: "startReconciliation", min: "AGENT", call: (a) => startReconciliation(db, { actor: a, waitMs: 20_000 }) },
  { name: "requestResync", min: "LEAD", call: (a) => requestResync(db, { actor: a }) },
];

describe("sync desk: feature functions check the role themselves", () => {
  featureMatrix(features, actors);
});

const actionCases: MatrixCase<Actor, { status: string; message?: string }>[] = [
  { name: "retryFailedEventAction", min: "AGENT", call: async () => actions.retryFailedEventAction(idle, form({ eventId: await failedEvent() })) },
  { name: "runReconciliationAction", min: "AGENT", call: () => actions.runReconciliationAction(idle, form({})) },
  { name: "startResyncAction", min: "LEAD", call: () => actions.startResyncAction(idle, form({})) },
];

describe("sync desk: server actions", () => {
  actionMatrix(actionCases, actors, session);
});

describe("sync desk: what the pages show", () => {
  it("page data: staff get health, failed events and resync state; a customer gets a 404", async () => {
    const id = await failedEvent();
    session.current = actors.agent;
    const desk = await pageData.loadSyncDesk();
    expect(desk.health).toMatchObject({ database: "ok", backlog: 0, failedEvents: 1 });
    expect(desk.failed.map((e) => [e.id, e.lastError])).toEqual([[id, "StripeAPIError: boom"]]);
    expect(desk.canResync).toBe(false);
    session.current = actors.lead;
    expect((await pageData.loadSyncDesk()).canResync).toBe(true);
    session.current = actors.customer;
    await expect(pageData.loadSyncDesk()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
    await expect(pageData.loadReconciliationDesk(null)).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
  });

  it("retry: the failed event is queued again once, with an audit entry; a second retry is refused", async () => {
    const id = await failedEvent();
    session.current = actors.agent;
    expect(await actions.retryFailedEventAction(idle, form({ eventId: id }))).toMatchObject({ status: "ok" });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    const audit = await db.auditEntry.findMany({ where: { entityId: id, action: "stripe_event.retry" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: actors.agent!.id, before: { status: "FAILED", attempts: 8, lastError: "StripeAPIError: boom" } });
    expect(await actions.retryFailedEventAction(idle, form({ eventId: id }))).toMatchObject({ status: "error", message: "desk.sync.onlyFailed" });
    expect(await actions.retryFailedEventAction(idle, form({ eventId: "evt_nope" }))).toMatchObject({ status: "error", message: "disputes.err.notFound" });
  });

  it("reconciliation: each difference is listed with ours vs Stripe's; the run is audited; one run at a time", async () => {
    const { invoice } = await paidInvoice(stripe, { lines: 2 });
    world.emu.emulator.internal.markEventsUndelivered(() => true);
    // Settle knows the invoice but with a stale amount: one projected row, tampered.
    const { runResync } = await import("../resync/run-resync");
    await runResync(await getDb());
    await drainEvents(await getDb());
    await db.invoice.update({ where: { stripeId: invoice.id }, data: { amountPaid: 1n } });
    const started = await startReconciliation(db, { actor: actors.agent, waitMs: 20_000 });
    expect(started.finished).toBe(true);
    const page = await getReconciliationDesk(db, { actor: actors.agent });
    expect(page.selected).toMatchObject({ id: started.runId, status: "differences", differences: 1 });
    expect(page.diffs.map((d) => [d.entityType, d.stripeId, d.field, d.settleValue, d.stripeValue])).toEqual([
      ["invoice", invoice.id, "amount_paid", "1", String(invoice.amount_paid)],
    ]);
    expect(await db.auditEntry.count({ where: { entityId: started.runId, action: "stripe_sync.reconcile", actorId: actors.agent!.id } })).toBe(1);
    // A run still in progress blocks another.
    const open = await db.reconciliationRun.create({ data: {} });
    await expect(startReconciliation(db, { actor: actors.lead })).rejects.toThrow(/desk\.sync\.reconcileRunning/);
    expect((await getReconciliationDesk(db, { actor: actors.agent })).running).toBe(true);
    await db.reconciliationRun.delete({ where: { id: open.id } });
    const health = (await getSyncDesk(db, { actor: actors.agent })).health;
    expect(health.lastReconciliation).toMatchObject({ differences: 1, error: null });
  });

  it("resync from the desk: runs in the background, cursors show progress, audited", async () => {
    await paidInvoice(stripe, { lines: 1 });
    expect(await requestResync(db, { actor: actors.lead })).toEqual({ started: true });
    await expect(requestResync(db, { actor: actors.admin })).rejects.toThrow(/desk\.sync\.resyncRunning/);
    await waitResyncIdle();
    const desk = await getSyncDesk(db, { actor: actors.agent });
    expect(desk.resync.running).toBe(false);
    expect(desk.resync.lastError).toBeNull();
    expect(desk.resync.cursors.map((c) => c.resource)).toEqual(expect.arrayContaining(["customers", "invoices", "events"]));
    expect(desk.resync.cursors.every((c) => c.completedAt)).toBe(true);
    expect(desk.resync.pendingSnapshots).toBeGreaterThan(0);
    expect(await db.auditEntry.count({ where: { action: "stripe_sync.resync", actorId: actors.lead!.id } })).toBeGreaterThan(0);
    await drainEvents(await getDb());
    expect((await getSyncDesk(db, { actor: actors.agent })).resync.pendingSnapshots).toBe(0);
  });
});
