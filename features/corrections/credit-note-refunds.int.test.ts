// A refund made by a credit note is part of that note. Stripe says so on the note
// (`refunds[].refund`), never on the refund: Settle used to look for `refund.metadata.credit_note`,
// which Stripe does not send, and counted such a refund twice against what is left to credit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { postSigned, resetSyncTables, startWorld, type SyncWorld } from "@/features/stripe-sync/testing/harness";
import { apiClient, paidInvoice } from "@/features/stripe-sync/testing/billing";
import { loadInvoiceLimits } from "./limits/load-invoice-limits";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld({ seed: 9 });
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = false;
});

/** A paid invoice (3 lines) credited by 1000 of which 600 are refunded to the card. */
async function creditedWithRefund() {
  const { invoice } = await paidInvoice(stripe, { lines: 3 });
  const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 1000, refund_amount: 600, credit_amount: 400 });
  const events: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ limit: 100 })) events.push(e);
  return { invoice, note, events: events.reverse() };
}

async function expectLinkedAndCountedOnce(invoiceId: string, noteId: string, refundId: string) {
  const db = await getDb();
  expect((await db.refund.findUniqueOrThrow({ where: { stripeId: refundId } })).creditNoteStripeId).toBe(noteId);
  const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoiceId } });
  const { remaining } = await db.$transaction((tx) => loadInvoiceLimits(tx, { invoiceId: inv.id }));
  // the note's 1000 once, not 1000 + its 600 refund
  expect(remaining).toBe(inv.total - 1000n);
}

describe("refunds of a credit note", () => {
  it("are linked to the note when the note's event comes first", async () => {
    const { invoice, note, events } = await creditedWithRefund();
    const refundId = note.refunds[0]!.refund as string;
    const order = [
      ...events.filter((e) => !e.type.startsWith("refund.") && !e.type.startsWith("charge.refund")),
      ...events.filter((e) => e.type.startsWith("refund.")),
    ];
    for (const e of order) await postSigned(e);
    await drainEvents(await getDb(), { backoffMs: 10 });
    await expectLinkedAndCountedOnce(invoice.id, note.id, refundId);
  });

  it("stay linked when the refund's own event comes after the note", async () => {
    const { invoice, note, events } = await creditedWithRefund();
    const refundId = note.refunds[0]!.refund as string;
    for (const e of events.filter((x) => !x.type.startsWith("refund."))) await postSigned(e);
    await drainEvents(await getDb(), { backoffMs: 10 });
    for (const e of events.filter((x) => x.type.startsWith("refund."))) await postSigned(e);
    await drainEvents(await getDb(), { backoffMs: 10 });
    await expectLinkedAndCountedOnce(invoice.id, note.id, refundId);
  });
});
