// The chaos scenario once with the refetch decision on and once with refetch-always (the same
// seed, so the same Stripe history and the same faulty delivery: duplicates, shuffled order,
// same-second events, 5 % dropped), processed while deliveries arrive. Both must end equal to
// the emulator's state (after the resync that recovers the drops); the decision must need far
// fewer Stripe API calls to project the stream (counted at the emulator).
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { metrics } from "@/lib/metrics/registry";
import { generateScenario } from "@/stripe-emulator/scenario";
import { runReconciliation } from "../reconciliation/run-reconciliation";
import { runResync } from "../resync/run-resync";
import { drainEvents, processEventBatch } from "./process-events";
import { resetSyncTables, startWorld } from "../testing/harness";

const INVOICES = Number(process.env.CHAOS_REFETCH_INVOICES ?? 120);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await closeDb();
});

async function backlog(): Promise<number> {
  return (await getDb()).stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } });
}

async function drainAll(mode: "decide" | "always") {
  for (let i = 0; i < 600; i++) {
    await drainEvents(await getDb(), { refetch: mode, backoffMs: 10, batchSize: 25 });
    if ((await backlog()) === 0) return;
    await sleep(100);
  }
  throw new Error(`backlog not drained: ${await backlog()}`);
}

async function decisions(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await metrics().refetchDecisions.get()).values) out[`${v.labels.decision}:${v.labels.reason}`] = v.value;
  return out;
}

// GET /v1/invoices/{id} as the emulator's limiter counts it (by its route).
function invoiceRetrievalsOf(endpoints: Record<string, { allowed: number }>): number {
  return Object.entries(endpoints)
    .filter(([e]) => /^GET \/v1\/invoices\/(:id|\{id\})$/.test(e))
    .reduce((n, [, c]) => n + c.allowed, 0);
}

// GET /v1/payment_intents/{id} as the emulator's limiter counts it.
function paymentIntentRetrievalsOf(endpoints: Record<string, { allowed: number }>): number {
  return Object.entries(endpoints)
    .filter(([e]) => /^GET \/v1\/payment_intents\/(:id|\{id\})$/.test(e))
    .reduce((n, [, c]) => n + c.allowed, 0);
}

/**
 * The PaymentIntent rows against Stripe's payment intents, and each charge's link to its payment
 * intent (the reconciliation compares neither): a payment intent inserted from its pending
 * snapshot as a charge's missing parent must still end as Stripe has it.
 */
async function paymentIntentDifferences(intents: Record<string, unknown>[], charges: Record<string, unknown>[]): Promise<string[]> {
  const db = await getDb();
  const rows = new Map((await db.paymentIntent.findMany()).map((r) => [r.stripeId, r]));
  const out: string[] = [];
  for (const p of intents as { id: string; status: string; amount: number; amount_received: number }[]) {
    const r = rows.get(p.id);
    if (!r) continue; // a payment intent without a projected event or charge (none is required)
    const ours = [r.status, Number(r.amount), Number(r.amountReceived)];
    const theirs = [p.status, p.amount, p.amount_received];
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(`${p.id}: Settle ${JSON.stringify(ours)} Stripe ${JSON.stringify(theirs)}`);
  }
  const linked = new Map(
    (await db.charge.findMany({ select: { stripeId: true, paymentIntent: { select: { stripeId: true } } } })).map((c) => [
      c.stripeId,
      c.paymentIntent?.stripeId ?? null,
    ]),
  );
  for (const c of charges as { id: string; payment_intent: string | null }[]) {
    if (linked.has(c.id) && linked.get(c.id) !== (c.payment_intent ?? null)) out.push(`${c.id}: linked to ${linked.get(c.id)}, Stripe ${c.payment_intent}`);
  }
  return out;
}

/**
 * The InvoicePayment rows against Stripe's invoice payments (the reconciliation does not compare
 * them): the same payments, each with Stripe's status, amounts, invoice and payment intent.
 */
async function paymentDifferences(stripePayments: Record<string, unknown>[]): Promise<string[]> {
  const db = await getDb();
  const rows = await db.invoicePayment.findMany({ include: { invoice: { select: { stripeId: true } } } });
  const byId = new Map(rows.map((r) => [r.stripeId, r]));
  const out: string[] = [];
  for (const p of stripePayments as {
    id: string;
    invoice: string;
    status: string;
    amount_paid: number | null;
    amount_requested: number;
    payment?: { payment_intent?: string };
  }[]) {
    const r = byId.get(p.id);
    byId.delete(p.id);
    if (!r) {
      out.push(`${p.id} (${p.status}) missing in Settle`);
      continue;
    }
    const ours = [r.invoice.stripeId, r.status, r.amountPaid === null ? null : Number(r.amountPaid), Number(r.amountRequested), r.paymentIntentStripeId];
    const theirs = [p.invoice, p.status, p.amount_paid, p.amount_requested, p.payment?.payment_intent ?? null];
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(`${p.id}: Settle ${JSON.stringify(ours)} Stripe ${JSON.stringify(theirs)}`);
  }
  for (const id of byId.keys()) out.push(`${id} missing in Stripe`);
  return out;
}

async function run(mode: "decide" | "always") {
  await resetSyncTables();
  metrics().refetchDecisions.reset();
  const world = await startWorld({ seed: 17, retryBaseMs: 20 });
  try {
    const em = world.emu.emulator;
    em.webhooks.setFaults({ duplicateRate: 0.1, shuffle: true, dropRate: 0.05, rate429: 0, rate500: 0 });
    generateScenario(em, { seed: 17, invoices: INVOICES, deliverWebhooks: true });
    const requestsBefore = em.limiter.counts.allowed;
    const invoiceRetrievalsBefore = invoiceRetrievalsOf(em.limiter.counts.endpoints);
    const intentRetrievalsBefore = paymentIntentRetrievalsOf(em.limiter.counts.endpoints);
    let delivered = false;
    const flushed = em.webhooks.flush().then(() => {
      delivered = true;
    });
    // Processed while they arrive, so late and shuffled deliveries meet a half-built projection.
    while (!delivered) {
      const r = await processEventBatch(await getDb(), { refetch: mode, backoffMs: 10, batchSize: 25 });
      if (r.claimed === 0) await sleep(30);
    }
    await flushed;
    await drainAll(mode);
    const requests = em.limiter.counts.allowed - requestsBefore;
    const invoiceRetrievals = invoiceRetrievalsOf(em.limiter.counts.endpoints) - invoiceRetrievalsBefore;
    const intentRetrievals = paymentIntentRetrievalsOf(em.limiter.counts.endpoints) - intentRetrievalsBefore;
    const db = await getDb();
    const events = await db.stripeEvent.count({ where: { source: "webhook" } });
    // invoiceitem.* carry the item, not the invoice: the one kind of event still fetched for its payload
    const invoiceItemEvents = await db.stripeEvent.count({ where: { source: "webhook", type: { startsWith: "invoiceitem." } } });
    const [{ n: sameSecond }] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "StripeEvent" GROUP BY "objectId", "stripeCreated" HAVING count(*) > 1) s`,
    );
    const byReason = await decisions();
    // The drops are recovered the way Stripe recommends (list again, and the undelivered events).
    await runResync(await getDb());
    await drainAll(mode);
    const rec = await runReconciliation(await getDb());
    const failed = await db.stripeEvent.count({ where: { status: "FAILED" } });
    const payments = await paymentDifferences(em.store.c.invoice_payments.toJSON());
    const intents = await paymentIntentDifferences(em.store.c.payment_intents.toJSON(), em.store.c.charges.toJSON());
    const projectedIntents = await db.paymentIntent.count();
    return {
      requests,
      invoiceRetrievals,
      intentRetrievals,
      intents,
      projectedIntents,
      events,
      invoiceItemEvents,
      sameSecond,
      byReason,
      differences: rec.differences,
      checked: rec.checked,
      failed,
      payments,
    };
  } finally {
    await world.close();
  }
}

describe("chaos: the refetch decision against refetch-always", () => {
  it("equal to the emulator's state either way, with far fewer API calls when deciding", async () => {
    const decide = await run("decide");
    const always = await run("always");
    if (process.env.CHAOS_DEBUG) console.log(JSON.stringify({ decide, always }, null, 1));
    for (const r of [decide, always]) {
      expect(r.differences).toEqual([]);
      expect(r.checked).toBeGreaterThan(INVOICES);
      expect(r.failed).toBe(0);
      expect(r.sameSecond).toBeGreaterThan(INVOICES); // the stream has same-second events of one object
      // Every invoice payment as Stripe has it, whether written from invoice_payment.paid or fetched.
      expect(r.payments).toEqual([]);
      // Payment intents (some inserted from their own pending snapshot as a charge's parent) and charges' links as Stripe has them.
      expect(r.intents).toEqual([]);
      expect(r.projectedIntents).toBeGreaterThan(INVOICES / 2);
    }
    // A charge processed before its payment intent's events takes the payment intent from its pending
    // event instead of fetching it: few payment intents are fetched when deciding.
    expect(decide.byReason["apply_snapshot:parent_pending_snapshot"] ?? 0).toBeGreaterThan(0);
    expect(decide.intentRetrievals).toBeLessThan(always.intentRetrievals * 0.5);
    // invoice_payment.paid is written as delivered, not by fetching its invoice.
    expect(decide.byReason["apply_snapshot:invoice_payment"] ?? 0).toBeGreaterThan(INVOICES / 4);
    // No invoice payment is fetched for its payload: the only payloads that are not their object are invoice items'
    // (the scenario adds an item to an open invoice now and then, depending on the faults' timing).
    expect(decide.byReason["refetch:payload_not_object"] ?? 0).toBeLessThanOrEqual(decide.invoiceItemEvents);
    expect(decide.invoiceRetrievals).toBeLessThan(always.invoiceRetrievals * 0.5);
    // The same scenario and the same faults: the same stream reached the inbox.
    expect(decide.events).toBe(always.events);
    expect(Object.keys(always.byReason).filter((k) => k.startsWith("apply_snapshot:") && k !== "apply_snapshot:listed")).toEqual([]);
    expect(decide.byReason["apply_snapshot:newest_known"] ?? 0).toBeGreaterThan(0);
    // Measured 248 against 651 API calls for 1,492 delivered events (0.17 against 0.44 per event;
    // coalescing already helps refetch-always a lot; 314 before invoice_payment.paid stopped
    // fetching its invoice: 52 invoice retrievals against 216). The bounds leave room for timing.
    expect(decide.requests).toBeLessThan(always.requests * 0.5);
    expect(decide.requests / decide.events).toBeLessThan(0.25);
  }, 900_000);
});
