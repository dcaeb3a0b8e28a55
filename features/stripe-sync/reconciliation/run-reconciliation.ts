import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { withStripePriority } from "@/lib/stripe-budget";
import { idOf, toPlainJson } from "../convert";
import { safeErrorText } from "../processor/process-events";
import { stripeSource } from "../events/stripe-source";
import type { StripeJson } from "../types";

export interface Difference {
  entityType: string;
  stripeId: string;
  field: string;
  settleValue: string | null;
  stripeValue: string | null;
}
export interface ReconciliationResult {
  runId: string;
  checked: number;
  differences: Difference[];
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function compare(out: Difference[], entityType: string, stripeId: string, pairs: [string, unknown, unknown][]) {
  for (const [field, settle, stripe] of pairs) {
    if (str(settle) !== str(stripe)) out.push({ entityType, stripeId, field, settleValue: str(settle), stripeValue: str(stripe) });
  }
}

function missing(out: Difference[], entityType: string, stripeId: string, where: "settle" | "stripe") {
  out.push({
    entityType,
    stripeId,
    field: where === "settle" ? "missing_in_settle" : "missing_in_stripe",
    settleValue: where === "settle" ? null : "present",
    stripeValue: where === "settle" ? "present" : null,
  });
}

async function checkInvoices(db: Db, stripe: Stripe, livemode: boolean, out: Difference[]): Promise<number> {
  const source = stripeSource(stripe);
  const rows = await db.invoice.findMany({ where: { livemode }, include: { lines: { select: { amount: true } } } });
  const byId = new Map(rows.map((r) => [r.stripeId, r]));
  const seen = new Set<string>();
  for await (const listed of stripe.invoices.list({ limit: 100 })) {
    const inv = await source.complete("invoice", toPlainJson(listed));
    seen.add(inv.id);
    const r = byId.get(inv.id);
    if (!r) {
      missing(out, "invoice", inv.id, "settle");
      continue;
    }
    const lines: StripeJson[] = inv.lines?.data ?? [];
    compare(out, "invoice", inv.id, [
      ["status", r.status.toLowerCase(), inv.status],
      ["currency", r.currency, inv.currency],
      ["subtotal", r.subtotal, inv.subtotal],
      ["subtotal_excluding_tax", r.subtotalExcludingTax, inv.subtotal_excluding_tax],
      ["total", r.total, inv.total],
      ["total_excluding_tax", r.totalExcludingTax, inv.total_excluding_tax],
      ["amount_due", r.amountDue, inv.amount_due],
      ["amount_paid", r.amountPaid, inv.amount_paid],
      ["amount_remaining", r.amountRemaining, inv.amount_remaining],
      ["amount_overpaid", r.amountOverpaid, inv.amount_overpaid ?? 0],
      ["starting_balance", r.startingBalance, inv.starting_balance ?? 0],
      ["ending_balance", r.endingBalance, inv.ending_balance],
      ["pre_payment_credit_notes_amount", r.prePaymentCreditNotesAmount, inv.pre_payment_credit_notes_amount ?? 0],
      ["post_payment_credit_notes_amount", r.postPaymentCreditNotesAmount, inv.post_payment_credit_notes_amount ?? 0],
      ["lines.count", r.lines.length, lines.length],
      ["lines.amount_sum", r.lines.reduce((s, l) => s + l.amount, 0n), lines.reduce((s, l) => s + BigInt(l.amount), 0n)],
    ]);
  }
  // Deleted drafts disappear from Stripe's list; anything else we hold must still exist there.
  for (const r of rows) if (!seen.has(r.stripeId) && r.status !== "DELETED") missing(out, "invoice", r.stripeId, "stripe");
  return seen.size;
}

async function checkCharges(db: Db, stripe: Stripe, livemode: boolean, out: Difference[]): Promise<number> {
  const byId = new Map((await db.charge.findMany({ where: { livemode } })).map((r) => [r.stripeId, r]));
  let n = 0;
  for await (const ch of stripe.charges.list({ limit: 100 })) {
    n++;
    const r = byId.get(ch.id);
    byId.delete(ch.id);
    if (!r) {
      missing(out, "payment", ch.id, "settle");
      continue;
    }
    compare(out, "payment", ch.id, [
      ["status", r.status, ch.status],
      ["currency", r.currency, ch.currency],
      ["amount", r.amount, ch.amount],
      ["amount_captured", r.amountCaptured, ch.amount_captured],
      ["amount_refunded", r.amountRefunded, ch.amount_refunded],
      ["refunded", r.refunded, ch.refunded],
      ["disputed", r.disputed, ch.disputed],
    ]);
  }
  for (const id of byId.keys()) missing(out, "payment", id, "stripe");
  return n;
}

async function checkRefunds(db: Db, stripe: Stripe, livemode: boolean, out: Difference[]): Promise<number> {
  const byId = new Map((await db.refund.findMany({ where: { livemode } })).map((r) => [r.stripeId, r]));
  let n = 0;
  for await (const re of stripe.refunds.list({ limit: 100 })) {
    n++;
    const r = byId.get(re.id);
    byId.delete(re.id);
    if (!r) {
      missing(out, "refund", re.id, "settle");
      continue;
    }
    compare(out, "refund", re.id, [
      ["status", r.status, re.status],
      ["currency", r.currency, re.currency],
      ["amount", r.amount, re.amount],
    ]);
  }
  for (const id of byId.keys()) missing(out, "refund", id, "stripe");
  return n;
}

async function checkCreditNotes(db: Db, stripe: Stripe, livemode: boolean, out: Difference[]): Promise<number> {
  const byId = new Map((await db.creditNote.findMany({ where: { livemode } })).map((r) => [r.stripeId, r]));
  let n = 0;
  for await (const cn of stripe.creditNotes.list({ limit: 100 })) {
    n++;
    const r = byId.get(cn.id);
    byId.delete(cn.id);
    if (!r) {
      missing(out, "credit_note", cn.id, "settle");
      continue;
    }
    compare(out, "credit_note", cn.id, [
      ["status", r.status.toLowerCase(), cn.status],
      ["currency", r.currency, cn.currency],
      ["amount", r.amount, cn.amount],
      ["subtotal", r.subtotal, cn.subtotal],
      ["total", r.total, cn.total],
      ["discount_amount", r.discountAmount, cn.discount_amount],
      ["pre_payment_amount", r.prePaymentAmount, cn.pre_payment_amount],
      ["post_payment_amount", r.postPaymentAmount, cn.post_payment_amount],
      ["out_of_band_amount", r.outOfBandAmount, cn.out_of_band_amount ?? 0],
    ]);
  }
  for (const id of byId.keys()) missing(out, "credit_note", id, "stripe");
  return n;
}

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

/** Subscriptions of every status (status=all: the list leaves canceled ones out by default), with their items. */
async function checkSubscriptions(db: Db, stripe: Stripe, livemode: boolean, out: Difference[]): Promise<number> {
  const source = stripeSource(stripe);
  const rows = await db.subscription.findMany({ where: { livemode }, include: { items: true } });
  const byId = new Map(rows.map((r) => [r.stripeId, r]));
  let n = 0;
  for await (const listed of stripe.subscriptions.list({ limit: 100, status: "all" })) {
    n++;
    const sub = await source.complete("subscription", toPlainJson(listed));
    const r = byId.get(sub.id);
    byId.delete(sub.id);
    if (!r) {
      missing(out, "subscription", sub.id, "settle");
      continue;
    }
    const items: StripeJson[] = sub.items?.data ?? [];
    const key = (id: string, price: string, qty: unknown, end: unknown) => `${id}:${price}:${str(qty) ?? "-"}:${str(end) ?? "-"}`;
    compare(out, "subscription", sub.id, [
      ["status", r.status, sub.status],
      ["currency", r.currency, sub.currency],
      ["cancel_at", seconds(r.cancelAt), sub.cancel_at],
      ["cancel_at_period_end", r.cancelAtPeriodEnd, sub.cancel_at_period_end === true],
      ["canceled_at", seconds(r.canceledAt), sub.canceled_at],
      ["ended_at", seconds(r.endedAt), sub.ended_at],
      ["trial_end", seconds(r.trialEnd), sub.trial_end],
      ["latest_invoice", r.latestInvoiceId, idOf(sub.latest_invoice)],
      // item, price, quantity and period end, in one comparable text
      [
        "items",
        r.items
          .map((i) => key(i.stripeId, i.priceId, i.quantity, seconds(i.currentPeriodEnd)))
          .sort()
          .join(","),
        items
          .map((i) => key(i.id, idOf(i.price) ?? "", i.quantity, i.current_period_end))
          .sort()
          .join(","),
      ],
    ]);
  }
  for (const id of byId.keys()) missing(out, "subscription", id, "stripe");
  return n;
}

/**
 * Compares every invoice, payment, refund, credit note and subscription with Stripe and records each difference.
 * Only rows of the configured key's mode take part: the key lists its own mode's objects only,
 * so a row of the other mode would otherwise read as "missing in Stripe" (and the audit would
 * turn each into a finding).
 */
export type ReconciliationOptions = { stripe?: Stripe; runId?: string; livemode?: boolean };

export function runReconciliation(db: Db, opts: ReconciliationOptions = {}): Promise<ReconciliationResult> {
  // A full comparison is bulk work, whoever starts it: it draws on the lowest share of the API
  // budget, after people's requests and event projection (lib/stripe-budget.ts).
  return withStripePriority("bulk", () => reconcile(db, opts));
}

async function reconcile(db: Db, opts: ReconciliationOptions): Promise<ReconciliationResult> {
  const stripe = opts.stripe ?? getStripe();
  const livemode = opts.livemode ?? stripeLivemode();
  // The desk creates the run row itself (with its audit entry) and hands its id over.
  const run = opts.runId ? { id: opts.runId } : await db.reconciliationRun.create({ data: {} });
  const diffs: Difference[] = [];
  try {
    let checked = 0;
    checked += await checkInvoices(db, stripe, livemode, diffs);
    checked += await checkCharges(db, stripe, livemode, diffs);
    checked += await checkRefunds(db, stripe, livemode, diffs);
    checked += await checkCreditNotes(db, stripe, livemode, diffs);
    checked += await checkSubscriptions(db, stripe, livemode, diffs);
    if (diffs.length) await db.reconciliationDiff.createMany({ data: diffs.map((d) => ({ runId: run.id, ...d })) });
    await db.reconciliationRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), checked, differences: diffs.length } });
    logger.info({ runId: run.id, checked, differences: diffs.length }, "reconciliation finished");
    return { runId: run.id, checked, differences: diffs };
  } catch (error) {
    await db.reconciliationRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), error: safeErrorText(error) } });
    throw error;
  }
}
