import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { closeDb, getDb } from "@/lib/db";
import { applyObjects } from "../projection/apply-objects";
import { drainEvents, processEventBatch } from "./process-events";
import { runReconciliation } from "../reconciliation/run-reconciliation";
import { countingDb, postSigned, resetSyncTables, startWorld, type SyncWorld } from "../testing/harness";
import { stripeSource } from "../events/stripe-source";
import { apiClient, paidInvoice } from "../testing/billing";

let world: SyncWorld;
let stripe: Stripe;

beforeAll(async () => {
  world = await startWorld();
  stripe = apiClient(world.emu.url);
});
afterAll(async () => {
  await world.close();
  await closeDb();
});
beforeEach(async () => {
  await resetSyncTables();
  world.emu.emulator.webhooks.enabled = true;
  world.emu.emulator.webhooks.setFaults({ rate429: 0, rate500: 0, dropRate: 0, duplicateRate: 0, shuffle: false });
});

/** Events of the emulator (oldest first), optionally only for some object ids. */
async function eventsFor(objectIds?: string[]): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ limit: 100 })) {
    const id = (e.data.object as { id?: string }).id;
    if (!objectIds || (id && objectIds.includes(id))) out.push(e);
  }
  return out.reverse();
}
const flush = () => world.emu.emulator.webhooks.flush();

describe("event processor against the emulator", () => {
  it("syncs a paid invoice with more than 10 lines, decimal unit amounts, taxes and payments", async () => {
    const { invoice, customer } = await paidInvoice(stripe, { lines: 12, unitAmountDecimal: "12.3456789" });
    await flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const db = await getDb();
    const inv = await db.invoice.findUniqueOrThrow({
      where: { stripeId: invoice.id },
      include: { lines: { orderBy: { position: "asc" }, include: { taxes: true } }, taxes: true, payments: true, customer: true },
    });
    expect(inv.status).toBe("PAID");
    expect(inv.customer.stripeId).toBe(customer.id);
    expect(inv.lines).toHaveLength(12);
    expect(inv.lines[11].unitAmountDecimal?.toString()).toBe("12.3456789");
    expect(inv.lines[11].quantity.toString()).toBe("12");
    expect(inv.total).toBe(BigInt(invoice.total));
    expect(inv.amountPaid).toBe(BigInt(invoice.amount_paid));
    expect(inv.taxes[0].percentage.toString()).toBe("19");
    expect(inv.lines.every((l) => l.taxes.length === 1)).toBe(true);
    expect(inv.payments).toHaveLength(1);
    expect(await db.charge.count()).toBe(1);
    expect(await db.stripeEvent.count({ where: { status: { notIn: ["PROCESSED", "IGNORED"] } } })).toBe(0);
    const rec = await runReconciliation(await getDb());
    expect(rec.differences).toEqual([]);
  });

  it("a synced customer is linked to the verified user with its email, never to an unverified one", async () => {
    const db = await getDb();
    const tag = Date.now().toString(36);
    const verified = await db.user.create({ data: { email: `link-${tag}@example.com`, emailVerified: new Date() } });
    const unverified = await db.user.create({ data: { email: `nolink-${tag}@example.com` } });
    const a = await stripe.customers.create({ email: `Link-${tag}@Example.com` });
    const b = await stripe.customers.create({ email: `nolink-${tag}@example.com` });
    await flush();
    await drainEvents(await getDb(), { backoffMs: 10 });
    const links = await db.userCustomer.findMany({ where: { userId: { in: [verified.id, unverified.id] } }, include: { customer: true } });
    expect(links.map((l) => [l.userId, l.customer.stripeId])).toEqual([[verified.id, a.id]]);
    expect(b.id).not.toBe(a.id);
  });

  it("ten concurrent copies of one event and five processors: one row, applied once", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice } = await paidInvoice(stripe, { lines: 2 });
    const paidEvent = (await eventsFor([invoice.id])).find((e) => e.type === "invoice.paid")!;
    const res = await Promise.all(Array.from({ length: 10 }, () => postSigned(paidEvent)));
    expect(res.every((r) => r.status === 200)).toBe(true);
    const db = await getDb();
    const results = await Promise.all(Array.from({ length: 5 }, () => processEventBatch(db, { batchSize: 5 })));
    expect(results.reduce((s, r) => s + r.processed, 0)).toBe(1);
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: paidEvent.id } });
    expect(row).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect(await db.invoice.count()).toBe(1);
  });

  it("invoice.paid before invoice.created, and the customer unknown: ends paid, customer fetched first", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice, customer } = await paidInvoice(stripe, { lines: 1 });
    const events = (await eventsFor([invoice.id])).reverse(); // newest (paid) first
    const types = events.map((e) => e.type);
    expect(types.indexOf("invoice.paid")).toBeLessThan(types.indexOf("invoice.created"));
    for (const e of events) await postSigned(e);
    await drainEvents(await getDb());
    const db = await getDb();
    const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id }, include: { customer: true } });
    expect(inv.status).toBe("PAID");
    expect(inv.customer.stripeId).toBe(customer.id);
  });

  it("a stale invoice.updated after invoice.paid in the same second changes nothing", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice } = await paidInvoice(stripe, { lines: 1 });
    const paid = (await eventsFor([invoice.id])).find((e) => e.type === "invoice.paid")!;
    await postSigned(paid);
    await drainEvents(await getDb());
    const db = await getDb();
    const before = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id } });
    // Payload-level guard (what replay relies on): an open snapshot of the same second.
    const staleObject = { ...(paid.data.object as object), status: "open", amount_paid: 0, amount_remaining: invoice.amount_due };
    const changes = await db.$transaction((tx) => applyObjects(tx, [{ kind: "invoice", object: staleObject }], new Date(paid.created * 1000)));
    expect(changes).toEqual([]);
    // And through the whole pipeline: a forged-looking but correctly signed stale event.
    await postSigned({ ...paid, id: `${paid.id}_stale`, type: "invoice.updated", data: { object: staleObject } });
    await drainEvents(await getDb());
    const after = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id } });
    expect(after.status).toBe("PAID");
    expect(after.amountPaid).toBe(before.amountPaid);
  });

  it("refund, credit note and dispute before their parents: parents are fetched first", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice } = await paidInvoice(stripe, { lines: 2 });
    const payment = (await stripe.invoicePayments.list({ invoice: invoice.id })).data[0];
    const pi = await stripe.paymentIntents.retrieve(payment.payment.payment_intent as string);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, amount: 200, out_of_band_amount: 200 });
    const dispute = world.emu.emulator.internal.openDispute(pi.latest_charge as string) as { id: string };
    const events = await eventsFor([refund.id, cn.id, dispute.id]);
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const e of events) await postSigned(e);
    await drainEvents(await getDb());
    const db = await getDb();
    expect(await db.stripeEvent.count({ where: { status: "PROCESSED" } })).toBe(events.length);
    expect(await db.refund.findUniqueOrThrow({ where: { stripeId: refund.id }, include: { charge: true } })).toMatchObject({
      amount: 100n,
      charge: { stripeId: pi.latest_charge },
    });
    expect(await db.creditNote.findUniqueOrThrow({ where: { stripeId: cn.id }, include: { invoice: true } })).toMatchObject({
      outOfBandAmount: 200n,
      invoice: { stripeId: invoice.id },
    });
    expect(await db.chargeback.findUniqueOrThrow({ where: { stripeId: dispute.id } })).toMatchObject({ chargeStripeId: pi.latest_charge });
  });

  it("invoice.upcoming (a renewal's preview, no invoice id) is stored and IGNORED: no invoice is projected", async () => {
    await postSigned({
      id: "evt_upcoming_1",
      object: "event",
      type: "invoice.upcoming",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { object: "invoice", customer: "cus_up_1", total: 6000, currency: "usd", lines: { object: "list", data: [], has_more: false } } },
    });
    await drainEvents(await getDb());
    const db = await getDb();
    expect((await db.stripeEvent.findMany()).map((e) => [e.id, e.status, e.objectId])).toEqual([["evt_upcoming_1", "IGNORED", null]]);
    expect(await db.invoice.count()).toBe(0);
  });

  it("unknown types and livemode mismatches are stored and IGNORED", async () => {
    await postSigned({
      id: "evt_unknown_type_1",
      object: "event",
      type: "issuing_card.created",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: "ic_1", object: "issuing.card" } },
    });
    await postSigned({
      id: "evt_livemode_1",
      object: "event",
      type: "customer.created",
      created: Math.floor(Date.now() / 1000),
      livemode: true,
      data: { object: { id: "cus_live_1", object: "customer" } },
    });
    await drainEvents(await getDb());
    const db = await getDb();
    expect((await db.stripeEvent.findMany({ orderBy: { id: "asc" } })).map((e) => [e.id, e.status])).toEqual([
      ["evt_livemode_1", "IGNORED"],
      ["evt_unknown_type_1", "IGNORED"],
    ]);
    expect(await db.customer.count()).toBe(0);
  });

  it("zero- and three-decimal currencies are stored in their own minor units", async () => {
    const jpy = await paidInvoice(stripe, { currency: "jpy", unitAmountDecimal: "333", lines: 2 });
    const kwd = await paidInvoice(stripe, { currency: "kwd", unitAmountDecimal: "1250", lines: 1 });
    await flush();
    await drainEvents(await getDb());
    const db = await getDb();
    const a = await db.invoice.findUniqueOrThrow({ where: { stripeId: jpy.invoice.id } });
    const b = await db.invoice.findUniqueOrThrow({ where: { stripeId: kwd.invoice.id } });
    expect([a.currency, a.total]).toEqual(["jpy", BigInt(jpy.invoice.total)]);
    expect([b.currency, b.total]).toEqual(["kwd", BigInt(kwd.invoice.total)]);
  });

  it("API 500/429 while refetching is back-pressure: the event waits and is retried, never FAILED for it", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice } = await paidInvoice(stripe, { lines: 1 });
    const paid = (await eventsFor([invoice.id])).find((e) => e.type === "invoice.paid")!;
    await postSigned(paid);
    const db = await getDb();
    for (const fault of [
      { rate500: 1, rate429: 0 },
      { rate500: 0, rate429: 1 },
      { rate500: 0, rate429: 1 },
    ]) {
      world.emu.emulator.webhooks.setFaults(fault);
      // one attempt allowed: a real error would fail the event now
      const batch = await processEventBatch(await getDb(), { backoffMs: 0, maxAttempts: 1 });
      expect(batch).toMatchObject({ claimed: 1, throttled: 1, failed: 0 });
      const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: paid.id } });
      expect(row.status).toBe("PENDING");
      expect(row.attempts).toBe(0); // the throttled attempt was given back
      expect(row.lastError).toMatch(/error/i);
      // it waits (1–4 s, jittered) before Stripe is asked again
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 500);
      await db.stripeEvent.update({ where: { id: paid.id }, data: { nextAttemptAt: new Date() } });
    }
    // Any other error is a real failure: it counts, and fails the event at the limit.
    const broken = {
      ...stripeSource(stripe),
      retrieve: async () => {
        throw new Error("object could not be read");
      },
    };
    expect(await processEventBatch(await getDb(), { backoffMs: 0, maxAttempts: 1, source: broken })).toMatchObject({ claimed: 1, throttled: 0, failed: 1 });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: paid.id } })).status).toBe("FAILED");
    await db.stripeEvent.update({ where: { id: paid.id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date() } });
    // The API recovered: applied on the next pass.
    world.emu.emulator.webhooks.setFaults({ rate429: 0, rate500: 0 });
    await drainEvents(await getDb(), { maxAttempts: 1 });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: paid.id } })).status).toBe("PROCESSED");
    expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id } })).status).toBe("PAID");
  });

  it("projects everything through the emulator's Stripe limiter: throttled refetches wait their turn, none fails", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const invoices = [];
    for (let i = 0; i < 6; i++) invoices.push((await paidInvoice(stripe, { lines: 2 })).invoice);
    for (const e of await eventsFor(invoices.map((inv) => inv.id))) await postSigned(e);
    // a sandbox-sized endpoint limit, small enough that one batch of concurrent refetches trips it
    world.emu.emulator.limiter.configure({ globalPerSecond: 25, endpointPerSecond: 3, concurrency: 25 });
    const db = await getDb();
    let throttled = 0;
    try {
      for (let round = 0; round < 60; round++) {
        const r = await processEventBatch(await getDb(), { backoffMs: 0, maxAttempts: 1 });
        throttled += r.throttled;
        expect(r.failed).toBe(0);
        if ((await db.stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } })) === 0) break;
        await db.stripeEvent.updateMany({ where: { status: "PENDING" }, data: { nextAttemptAt: new Date() } });
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      world.emu.emulator.limiter.configure({ globalPerSecond: 0, endpointPerSecond: 0, concurrency: 0 });
    }
    expect(throttled).toBeGreaterThan(0);
    expect(await db.stripeEvent.count({ where: { status: "FAILED" } })).toBe(0);
    for (const inv of invoices) expect((await db.invoice.findUniqueOrThrow({ where: { stripeId: inv.id } })).status).toBe("PAID");
  });
});

/** The invoice's own events (data.object is the invoice, not a draft), one second apart, and its customer synced. */
async function invoiceSnapshots() {
  world.emu.emulator.webhooks.enabled = false;
  const { invoice, customer } = await paidInvoice(stripe, { lines: 2 });
  const all = await eventsFor([invoice.id, customer.id]);
  for (const e of all.filter((e) => e.type === "customer.created")) await postSigned(e);
  await drainEvents(await getDb(), { backoffMs: 10 });
  const base = all[0].created + 10;
  const snapshots = all
    .filter(
      (e) =>
        e.type.startsWith("invoice.") &&
        (e.data.object as { id?: string; status?: string }).id === invoice.id &&
        (e.data.object as { status?: string }).status !== "draft",
    )
    .map((e, i) => ({ ...e, created: base + i }));
  return { invoice, snapshots };
}

describe("pending snapshots of one object", () => {
  it("N pending snapshots become one transaction and one applied projection write, from the newest", async () => {
    const { invoice, snapshots } = await invoiceSnapshots();
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    for (const e of snapshots) expect((await postSigned(e)).status).toBe(200);
    const db = await getDb();
    const counting = countingDb(db);
    const r = await processEventBatch(counting.db, { refetch: "decide" });
    expect(r).toMatchObject({ claimed: 1, processed: 1 });
    expect(counting.transactions()).toBe(1);
    const rows = await db.stripeEvent.findMany({ where: { id: { in: snapshots.map((e) => e.id) } }, orderBy: [{ stripeCreated: "asc" }, { id: "asc" }] });
    expect(rows.map((e) => e.status)).toEqual(snapshots.map(() => "PROCESSED"));
    // the applied objects are stored once, on the newest event (replay applies them at its time)
    const newest = rows[rows.length - 1];
    expect(rows.filter((e) => e.appliedObjects !== null).map((e) => e.id)).toEqual([newest.id]);
    const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id } });
    expect(inv.status).toBe("PAID");
    expect(inv.amountPaid).toBe(BigInt(invoice.amount_paid));
    expect(inv.total).toBe(BigInt(invoice.total));
    expect(inv.lastEventAt?.getTime()).toBe(newest.stripeCreated.getTime());
  });

  it("invoice_payment.paid writes its payment without fetching the invoice, in one transaction with the invoice.paid after it", async () => {
    world.emu.emulator.webhooks.enabled = false;
    const { invoice, customer } = await paidInvoice(stripe, { lines: 2 });
    const all = await eventsFor();
    const mine = all.filter((e) => {
      const o = e.data.object as { id?: string; invoice?: string };
      return o.id === customer.id || o.id === invoice.id || o.invoice === invoice.id;
    });
    const ip = mine.find((e) => e.type === "invoice_payment.paid")!;
    const paid = mine.find((e) => e.type === "invoice.paid")!;
    expect(ip && paid).toBeTruthy();
    // Everything Stripe sent before the payment is projected first; then the payment and invoice.paid arrive together.
    for (const e of mine.slice(0, mine.indexOf(ip))) await postSigned(e);
    await drainEvents(await getDb(), { backoffMs: 10, refetch: "decide" });
    const db = await getDb();
    expect(await db.invoice.count({ where: { stripeId: invoice.id } })).toBe(1);
    await postSigned({ ...ip });
    await postSigned({ ...paid, created: ip.created + 1 });
    const retrievals = () => world.emu.emulator.limiter.counts.endpoints["GET /v1/invoices/{id}"]?.allowed ?? 0;
    const before = retrievals();
    const counting = countingDb(db);
    await drainEvents(counting.db, { backoffMs: 10, refetch: "decide" });
    expect(retrievals()).toBe(before); // no fetch of the invoice
    expect(counting.transactions()).toBe(1); // payment and invoice.paid in one commit
    const rows = await db.stripeEvent.findMany({ where: { id: { in: [ip.id, paid.id] } } });
    expect(rows.map((r) => r.status)).toEqual(["PROCESSED", "PROCESSED"]);
    // the applied objects (invoice, then its payment) stored on the newest, for replay
    const applied = rows.find((r) => r.id === paid.id)!.appliedObjects as { kind: string }[];
    expect(applied.map((a) => a.kind)).toEqual(["invoice", "invoice_payment"]);
    expect(rows.find((r) => r.id === ip.id)!.appliedObjects).toBeNull();
    const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id }, include: { payments: true } });
    const stripePayment = ip.data.object as unknown as { id: string; amount_paid: number; payment: { payment_intent: string } };
    expect(inv.status).toBe("PAID");
    expect(inv.payments).toHaveLength(1);
    expect(inv.payments[0]).toMatchObject({
      stripeId: stripePayment.id,
      status: "paid",
      amountPaid: BigInt(stripePayment.amount_paid),
      paymentIntentStripeId: stripePayment.payment.payment_intent,
    });
    // a stale listing (or older fetch) that still shows it open never reopens it
    await db.$transaction((tx) =>
      applyObjects(tx, [{ kind: "invoice_payment", object: { ...stripePayment, status: "open", amount_paid: null, invoice: invoice.id } }], null),
    );
    expect((await db.invoicePayment.findUniqueOrThrow({ where: { stripeId: stripePayment.id } })).status).toBe("paid");
  });

  it("a newest snapshot that ranks below an older one does not stand for it: applied one by one, status stays forward-only", async () => {
    const { invoice, snapshots } = await invoiceSnapshots();
    const paidAt = snapshots.findIndex((e) => (e.data.object as { status?: string }).status === "paid");
    expect(paidAt).toBeGreaterThan(0);
    // an invoice.updated that still says open, created after the paid one
    const open = snapshots[paidAt - 1];
    const late = { ...open, id: `${open.id}_late`, type: "invoice.updated", created: snapshots[snapshots.length - 1].created + 5 };
    for (const e of [...snapshots, late]) expect((await postSigned(e)).status).toBe(200);
    const db = await getDb();
    const counting = countingDb(db);
    await drainEvents(counting.db, { refetch: "decide" });
    expect(counting.transactions()).toBeGreaterThan(1);
    expect(await db.stripeEvent.count({ where: { id: { in: [...snapshots, late].map((e) => e.id) }, status: "PROCESSED" } })).toBe(snapshots.length + 1);
    const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id } });
    expect(inv.status).toBe("PAID");
    expect(inv.amountPaid).toBe(BigInt(invoice.amount_paid));
  });
});
