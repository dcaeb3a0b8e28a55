// A deployment runs on one Stripe key, and so in one mode. A database that still holds test-mode
// rows (from an earlier sk_test_ key) and now runs on a live key must reconcile, resync and audit
// the live account only: before, every test row read as "missing in Stripe" and the next audit
// turned each into a HIGH finding.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { applyObjects } from "@/features/stripe-sync/projection/apply-objects";
import { getSyncDesk } from "@/features/stripe-sync/desk/get-sync-desk";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { resolveEvent } from "@/features/stripe-sync/events/resolve-event";
import { runReconciliation } from "@/features/stripe-sync/reconciliation/run-reconciliation";
import { runResync } from "@/features/stripe-sync/resync/run-resync";
import { stripeSource } from "@/features/stripe-sync/events/stripe-source";
import type { Kind } from "@/features/stripe-sync/types";
import { apiClient, paidInvoice } from "@/features/stripe-sync/testing/billing";
import { postSigned, resetSyncTables, startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { runFullSweep } from "./run-full-sweep";

// The key must be live before anything reads the environment (it is parsed once).
const saved = vi.hoisted(() => {
  const key = process.env.STRIPE_SECRET_KEY;
  process.env.STRIPE_SECRET_KEY = "sk_" + "live_settle_tests";
  return { key };
});

let live: SyncWorld; // the live account Settle is configured for, delivering webhooks
let testAccount: RunningEmulator; // the same business's test mode: another account as far as the API goes
let liveApi: Stripe;
let testApi: Stripe;
const ids = { testInvoice: "", testRefund: "", liveInvoice: "", liveRefund: "" };

/** Writes test-mode objects into the projections, as the earlier test-key deployment did. */
async function projectTestMode(kind: Kind, id: string) {
  const db = await getDb();
  const source = stripeSource(testApi);
  const object = await source.retrieve(kind, id);
  const applied = await resolveEvent(db, source, "settle.resync", object!, { kind, id });
  await db.$transaction((tx) => applyObjects(tx, applied, new Date()));
}

/** An invoice paid twice: the second charge is recorded against no invoice (a duplicate charge). */
async function paidTwice(api: Stripe, emu: RunningEmulator) {
  const { invoice, customer } = await paidInvoice(api, { lines: 2 });
  const pm = (await api.paymentMethods.list({ customer: customer.id })).data[0]!;
  emu.emulator.internal.charge({ customer: customer.id, amount: invoice.amount_paid, currency: invoice.currency, payment_method: pm.id });
  const pi = (await api.invoicePayments.list({ invoice: invoice.id })).data[0]!.payment.payment_intent as string;
  const refund = await api.refunds.create({ payment_intent: pi, amount: 100 });
  return { invoice, customer, refund };
}

beforeAll(async () => {
  expect(stripeLivemode()).toBe(true);
  await resetSyncTables();
  const db = await getDb();
  await db.finding.deleteMany({});
  live = await startWorld({ seed: 21, livemode: true });
  testAccount = await startEmulator({ port: 0, seed: 22 });
  liveApi = apiClient(live.emu.url, { livemode: true });
  testApi = apiClient(testAccount.url);

  const t = await paidTwice(testApi, testAccount);
  ids.testInvoice = t.invoice.id;
  ids.testRefund = t.refund.id;
  await projectTestMode("invoice", t.invoice.id);
  for (const c of (await testApi.charges.list({ customer: t.customer.id })).data) await projectTestMode("charge", c.id);
  await projectTestMode("refund", t.refund.id);

  const l = await paidTwice(liveApi, live.emu);
  ids.liveInvoice = l.invoice.id;
  ids.liveRefund = l.refund.id;
  await live.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
}, 120_000);

afterAll(async () => {
  await live.close();
  await testAccount.close();
  await closeDb();
  process.env.STRIPE_SECRET_KEY = saved.key;
  if (saved.key === undefined) delete process.env.STRIPE_SECRET_KEY;
});

describe("a live key with test-mode rows in the database", () => {
  it("projections carry the mode of their object (a refund its charge's)", async () => {
    const db = await getDb();
    const rows = async (stripeId: string) => ({
      invoice: (await db.invoice.findUnique({ where: { stripeId } }))?.livemode,
    });
    expect(await rows(ids.testInvoice)).toEqual({ invoice: false });
    expect(await rows(ids.liveInvoice)).toEqual({ invoice: true });
    expect((await db.refund.findUniqueOrThrow({ where: { stripeId: ids.testRefund } })).livemode).toBe(false);
    expect((await db.refund.findUniqueOrThrow({ where: { stripeId: ids.liveRefund } })).livemode).toBe(true);
    expect(await db.charge.count({ where: { livemode: false } })).toBe(2);
    expect(await db.charge.count({ where: { livemode: true } })).toBe(2);
  });

  it("reconciliation compares the live account only: no difference from the test rows", async () => {
    const rec = await runReconciliation(await getDb());
    expect(rec.differences).toEqual([]);
    // 1 invoice + 2 charges + 1 refund of the live account
    expect(rec.checked).toBe(4);
  });

  it("the audit finds the live duplicate charge and raises nothing from the test rows", async () => {
    const db = await getDb();
    await runFullSweep(db);
    const findings = await db.finding.findMany({ select: { rule: true, invoice: { select: { stripeId: true, livemode: true } } } });
    expect(findings.filter((f) => f.invoice?.livemode === false)).toEqual([]);
    expect(findings.map((f) => [f.rule, f.invoice?.stripeId])).toContainEqual(["duplicate_charge", ids.liveInvoice]);
  });

  it("resync applies the live account's objects, refunds included, and leaves test rows alone", async () => {
    const db = await getDb();
    await db.refund.delete({ where: { stripeId: ids.liveRefund } });
    await runResync(await getDb());
    await drainEvents(await getDb(), { backoffMs: 10 });
    const refundSnapshot = await db.stripeEvent.findFirstOrThrow({ where: { source: "resync", objectId: ids.liveRefund } });
    expect([refundSnapshot.livemode, refundSnapshot.status]).toEqual([true, "PROCESSED"]);
    expect((await db.refund.findUniqueOrThrow({ where: { stripeId: ids.liveRefund } })).livemode).toBe(true);
    expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: ids.testInvoice } })).livemode).toBe(false);
  });

  it("a test-mode event is stored and ignored", async () => {
    const db = await getDb();
    const testEvent = (await testApi.events.list({ limit: 1 })).data[0]!;
    expect((await postSigned(testEvent)).status).toBe(200);
    await drainEvents(await getDb(), { backoffMs: 10 });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: testEvent.id } })).status).toBe("IGNORED");
  });

  it("the sync desk says Settle runs in live mode and counts the other mode's invoices", async () => {
    const db = await getDb();
    const desk = await getSyncDesk(db, { actor: { id: "desk-admin", role: "ADMIN" } });
    expect(desk.mode).toEqual({ livemode: true, otherModeInvoices: 1 });
  });
});
