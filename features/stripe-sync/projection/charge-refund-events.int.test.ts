// Stripe sends `charge.refund.updated` (data.object: the refund) for refunds of charges, beside
// `refund.updated`. An endpoint subscribed to either must keep the refund projection current.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { drainEvents } from "../processor/process-events";
import { postSigned, resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { apiClient, paidInvoice } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 5 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
});

/** A paid invoice with a refund of part of its charge, all synced; then webhooks stop. */
async function syncedRefund() {
  const { invoice } = await paidInvoice(stripe, { lines: 1 });
  const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
  const pi = payments.data[0]!.payment.payment_intent as string;
  const refund = await stripe.refunds.create({ payment_intent: pi, amount: 300 });
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb(), { backoffMs: 10 });
  world.emu.emulator.webhooks.enabled = false;
  return refund;
}

async function eventOf(type: string, refundId: string): Promise<Stripe.Event> {
  for await (const e of stripe.events.list({ limit: 100, type })) if ((e.data.object as { id: string }).id === refundId) return e;
  throw new Error(`no ${type} event for ${refundId}`);
}

describe("charge.refund.updated", () => {
  it("alone updates the refund it carries (a card refund that failed)", async () => {
    const db = await getDb();
    const refund = await syncedRefund();
    expect((await db.refund.findUniqueOrThrow({ where: { stripeId: refund.id } })).status).toBe("succeeded");

    world.emu.emulator.internal.failRefund(refund.id);
    // The endpoint gets only charge.refund.updated (subscribed to it, not to refund.*).
    const event = await eventOf("charge.refund.updated", refund.id);
    expect((await postSigned(event)).status).toBe(200);
    await drainEvents(await getDb(), { backoffMs: 10 });

    const row = await db.refund.findUniqueOrThrow({ where: { stripeId: refund.id } });
    expect([row.status, row.failureReason]).toEqual(["failed", "expired_or_canceled_card"]);
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("PROCESSED");
  });

  it("together with refund.updated for the same change: both settled, the refund fetched once", async () => {
    const db = await getDb();
    const refund = await syncedRefund();
    await stripe.refunds.update(refund.id, { metadata: { ticket: "T-1" } });
    const events = [await eventOf("refund.updated", refund.id), await eventOf("charge.refund.updated", refund.id)];
    for (const e of events) expect((await postSigned(e)).status).toBe(200);
    await drainEvents(await getDb(), { backoffMs: 10 });
    const rows = await db.stripeEvent.findMany({ where: { id: { in: events.map((e) => e.id) } } });
    expect(rows.map((r) => r.status)).toEqual(["PROCESSED", "PROCESSED"]);
    // The second was settled by the first one's commit (same refund, same refetch): one applied object set.
    expect(rows.filter((r) => r.appliedObjects !== null)).toHaveLength(1);
  });
});
