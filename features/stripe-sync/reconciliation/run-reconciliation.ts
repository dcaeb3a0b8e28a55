import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { withStripePriority } from "@/lib/stripe-budget";
import { idOf, toPlainJson } from "../convert";
import { safeErrorText } from "../safe-error-text";
import { stripeSource } from "../events/stripe-source";
import type { StripeJson } from "../types";
import { Prisma } from "@prisma/client";

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
  /** true when this call continued a run that had stopped part-way */
  resumed: boolean;
}

export interface RunReconciliationOptions {
  stripe?: Stripe;
  /** Run (or continue) this run: the desk creates the row with its audit entry. */
  runId?: string;
  /** Continue the latest run that stopped part-way (a crash, a restart, an error, an abort), if any; else start one. */
  resume?: boolean;
  livemode?: boolean;
  /** Stops between two pages (the page in hand is committed first); the run stays resumable. */
  signal?: AbortSignal;
  /** Objects per list request (Stripe allows 1–100; tests use small pages). */
  pageSize?: number;
  /** After each committed page (tests, progress). */
  onPage?: (resource: ResourceName, listed: number) => void;
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

type Page = { data: StripeJson[]; has_more: boolean };
type ListParams = { limit: number; starting_after?: string };

export type ResourceName = "invoices" | "charges" | "refunds" | "credit_notes" | "subscriptions";

interface Checker {
  resource: ResourceName;
  entityType: string;
  list(stripe: Stripe, p: ListParams): Promise<Page>;
  /** The kind whose listed objects may be incomplete (an invoice's lines, a subscription's items): completed before comparing. */
  complete?: "invoice" | "subscription";
  /** Compares one listed page with our rows of those ids. */
  compare(db: Db, livemode: boolean, listed: StripeJson[], out: Difference[]): Promise<void>;
  /** Our rows the listing did not show (listed ⊂ seen), created no later than the listing's newest object. */
  unseen(db: Db, livemode: boolean, runId: string, listedFrom: Date | null): Promise<string[]>;
}

// Our rows that this run's listing of a resource did not show. Objects created after the listing
// began are not in it (Stripe lists newest first, and paging goes on from the first page), so
// only rows created no later than the newest object listed count (all of them for an empty list).
// Deleted drafts disappear from Stripe's list: they are not expected there.
async function unseenRows(db: Db, table: string, livemode: boolean, runId: string, listedFrom: Date | null, extra: Prisma.Sql = Prisma.empty) {
  const upTo = listedFrom ? Prisma.sql`AND t."stripeCreated" <= (${listedFrom.toISOString()}::timestamptz AT TIME ZONE 'UTC')` : Prisma.empty;
  const rows = await db.$queryRaw<{ stripeId: string }[]>`
    SELECT t."stripeId" FROM ${Prisma.raw(`"${table}"`)} t
     WHERE t.livemode = ${livemode} ${upTo} ${extra}
       AND NOT EXISTS (SELECT 1 FROM "ReconciliationSeen" s WHERE s."runId" = ${runId} AND s."stripeId" = t."stripeId")
     ORDER BY t."stripeId"`;
  return rows.map((r) => r.stripeId);
}

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

const CHECKERS: Checker[] = [
  {
    resource: "invoices",
    entityType: "invoice",
    list: (stripe, p) => stripe.invoices.list(p) as unknown as Promise<Page>,
    complete: "invoice",
    async compare(db, livemode, listed, out) {
      const rows = await db.invoice.findMany({
        where: { livemode, stripeId: { in: listed.map((o) => o.id as string) } },
        include: { lines: { select: { amount: true } } },
      });
      const byId = new Map(rows.map((r) => [r.stripeId, r]));
      for (const inv of listed) {
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
    },
    unseen: (db, livemode, runId, listedFrom) => unseenRows(db, "Invoice", livemode, runId, listedFrom, Prisma.sql`AND t.status <> 'DELETED'`),
  },
  {
    resource: "charges",
    entityType: "payment",
    list: (stripe, p) => stripe.charges.list(p) as unknown as Promise<Page>,
    async compare(db, livemode, listed, out) {
      const byId = new Map(
        (await db.charge.findMany({ where: { livemode, stripeId: { in: listed.map((o) => o.id as string) } } })).map((r) => [r.stripeId, r]),
      );
      for (const ch of listed) {
        const r = byId.get(ch.id);
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
    },
    unseen: (db, livemode, runId, listedFrom) => unseenRows(db, "Charge", livemode, runId, listedFrom),
  },
  {
    resource: "refunds",
    entityType: "refund",
    list: (stripe, p) => stripe.refunds.list(p) as unknown as Promise<Page>,
    async compare(db, livemode, listed, out) {
      const byId = new Map(
        (await db.refund.findMany({ where: { livemode, stripeId: { in: listed.map((o) => o.id as string) } } })).map((r) => [r.stripeId, r]),
      );
      for (const re of listed) {
        const r = byId.get(re.id);
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
    },
    unseen: (db, livemode, runId, listedFrom) => unseenRows(db, "Refund", livemode, runId, listedFrom),
  },
  {
    resource: "credit_notes",
    entityType: "credit_note",
    list: (stripe, p) => stripe.creditNotes.list(p) as unknown as Promise<Page>,
    async compare(db, livemode, listed, out) {
      const byId = new Map(
        (await db.creditNote.findMany({ where: { livemode, stripeId: { in: listed.map((o) => o.id as string) } } })).map((r) => [r.stripeId, r]),
      );
      for (const cn of listed) {
        const r = byId.get(cn.id);
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
    },
    unseen: (db, livemode, runId, listedFrom) => unseenRows(db, "CreditNote", livemode, runId, listedFrom),
  },
  {
    // Subscriptions of every status (status=all: the list leaves canceled ones out by default), with their items.
    resource: "subscriptions",
    entityType: "subscription",
    list: (stripe, p) => stripe.subscriptions.list({ ...p, status: "all" }) as unknown as Promise<Page>,
    complete: "subscription",
    async compare(db, livemode, listed, out) {
      const rows = await db.subscription.findMany({ where: { livemode, stripeId: { in: listed.map((o) => o.id as string) } }, include: { items: true } });
      const byId = new Map(rows.map((r) => [r.stripeId, r]));
      const key = (id: string, price: string, qty: unknown, end: unknown) => `${id}:${price}:${str(qty) ?? "-"}:${str(end) ?? "-"}`;
      for (const sub of listed) {
        const r = byId.get(sub.id);
        if (!r) {
          missing(out, "subscription", sub.id, "settle");
          continue;
        }
        const items: StripeJson[] = sub.items?.data ?? [];
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
    },
    unseen: (db, livemode, runId, listedFrom) => unseenRows(db, "Subscription", livemode, runId, listedFrom),
  },
];

// A run that has made no progress for this long (no page committed) died with its process.
export const STALE_RUN_MS = 15 * 60_000;

/**
 * Runs that stopped part-way and can be continued: stopped by an error or an abort after at least
 * one committed page, or abandoned (unfinished, no progress for STALE_RUN_MS: its process died).
 */
export function resumableRunWhere(now = new Date()): Prisma.ReconciliationRunWhereInput {
  const since = new Date(now.getTime() - STALE_RUN_MS);
  return {
    OR: [
      { finishedAt: { not: null }, error: { not: null }, resource: { not: null } },
      { finishedAt: null, OR: [{ progressAt: { lt: since } }, { progressAt: null, startedAt: { lt: since } }] },
    ],
  };
}

/**
 * Compares every invoice, payment, refund, credit note and subscription with Stripe and records each difference.
 * Only rows of the configured key's mode take part: the key lists its own mode's objects only,
 * so a row of the other mode would otherwise read as "missing in Stripe" (and the audit would
 * turn each into a finding).
 *
 * Resumable: each page's differences, the ids it listed and the cursor (resource, Stripe's
 * starting_after) are committed together, so a run that stops (a crash or restart of its process,
 * an error, an abort) continues from its last page when run again (`runId`, or `resume`), never
 * from the start, and records no difference twice.
 */
export function runReconciliation(db: Db, opts: RunReconciliationOptions = {}): Promise<ReconciliationResult> {
  // A full comparison is bulk work, whoever starts it: it draws on the lowest share of the API
  // budget, after people's requests and event projection (lib/stripe-budget.ts).
  return withStripePriority("bulk", () => reconcile(db, opts));
}

async function openRun(db: Db, opts: RunReconciliationOptions) {
  if (opts.runId) {
    const run = await db.reconciliationRun.findUniqueOrThrow({ where: { id: opts.runId } });
    return { run, resumed: run.resource !== null };
  }
  if (opts.resume) {
    const run = await db.reconciliationRun.findFirst({ where: resumableRunWhere(), orderBy: { startedAt: "desc" } });
    if (run) return { run, resumed: true };
  }
  return { run: await db.reconciliationRun.create({ data: {} }), resumed: false };
}

async function reconcile(db: Db, opts: RunReconciliationOptions): Promise<ReconciliationResult> {
  const stripe = opts.stripe ?? getStripe();
  const livemode = opts.livemode ?? stripeLivemode();
  const { run, resumed } = await openRun(db, opts);
  if (run.finishedAt && !run.error) throw new Error(`reconciliation run ${run.id} has finished`);
  if (resumed) {
    await db.reconciliationRun.update({ where: { id: run.id }, data: { finishedAt: null, error: null, progressAt: new Date() } });
    logger.info({ runId: run.id, resource: run.resource, checked: run.checked }, "reconciliation continues where it stopped");
  }
  try {
    const from = run.resource === null ? 0 : CHECKERS.findIndex((c) => c.resource === run.resource);
    for (let i = Math.max(0, from); i < CHECKERS.length; i++) {
      const c = CHECKERS[i];
      // Only the resource it stopped in continues from a cursor; the ones after it start at the top.
      const here = i === from && c.resource === run.resource;
      let cursor = here ? run.cursor : null;
      let listedFrom = here ? run.listedFrom : null;
      // Continued from its cursor: a listing that had reached its end lists an empty page, then checks what it did not show.
      let more = true;
      while (more) {
        if (opts.signal?.aborted) throw new ReconciliationAborted();
        const page = await c.list(stripe, { limit: opts.pageSize ?? 100, ...(cursor ? { starting_after: cursor } : {}) });
        // One at a time: an invoice with more lines (a subscription with more items) than listed lists them (a request each).
        const listed: StripeJson[] = [];
        for (const o of page.data) listed.push(c.complete ? await source(stripe).complete(c.complete, toPlainJson(o)) : toPlainJson(o));
        const diffs: Difference[] = [];
        await c.compare(db, livemode, listed, diffs);
        if (listed.length && !listedFrom) listedFrom = new Date(Number(listed[0].created) * 1000);
        if (listed.length) cursor = listed[listed.length - 1].id as string;
        more = page.has_more && listed.length > 0;
        const ids = listed.map((o) => o.id as string);
        await db.$transaction([
          db.$executeRaw`INSERT INTO "ReconciliationSeen" ("runId", "stripeId") SELECT ${run.id}, unnest(${ids}::text[]) ON CONFLICT DO NOTHING`,
          db.reconciliationDiff.createMany({ data: diffs.map((d) => ({ runId: run.id, ...d })) }),
          db.reconciliationRun.update({
            where: { id: run.id },
            data: {
              resource: c.resource,
              cursor,
              listedFrom,
              progressAt: new Date(),
              checked: { increment: listed.length },
              differences: { increment: diffs.length },
            },
          }),
        ]);
        opts.onPage?.(c.resource, listed.length);
      }
      // The listing is complete: what we hold that it did not show is missing in Stripe.
      const gone: Difference[] = [];
      for (const id of await c.unseen(db, livemode, run.id, listedFrom)) missing(gone, c.entityType, id, "stripe");
      const next = CHECKERS[i + 1]?.resource ?? "done";
      await db.$transaction([
        db.reconciliationDiff.createMany({ data: gone.map((d) => ({ runId: run.id, ...d })) }),
        db.reconciliationRun.update({
          where: { id: run.id },
          data: { resource: next, cursor: null, listedFrom: null, progressAt: new Date(), differences: { increment: gone.length } },
        }),
      ]);
    }
    const [done] = await db.$transaction([
      db.reconciliationRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), resource: null, cursor: null, listedFrom: null } }),
      db.reconciliationSeen.deleteMany({ where: { runId: run.id } }),
    ]);
    const differences = await db.reconciliationDiff.findMany({
      where: { runId: run.id },
      select: { entityType: true, stripeId: true, field: true, settleValue: true, stripeValue: true },
      orderBy: [{ entityType: "asc" }, { stripeId: "asc" }, { field: "asc" }],
    });
    logger.info({ runId: run.id, checked: done.checked, differences: differences.length, resumed }, "reconciliation finished");
    return { runId: run.id, checked: done.checked, differences, resumed };
  } catch (error) {
    // Recorded on the run (an abort too), which stays resumable from its last committed page.
    await db.reconciliationRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), error: safeErrorText(error) } });
    throw error;
  }
}

export class ReconciliationAborted extends Error {
  constructor() {
    super("reconciliation stopped; it continues from its last page when run again");
    this.name = "ReconciliationAborted";
  }
}

// One per Stripe client: the invoice source completes listed invoices (all lines, coupons).
const sources = new WeakMap<Stripe, ReturnType<typeof stripeSource>>();
function source(stripe: Stripe) {
  let s = sources.get(stripe);
  if (!s) sources.set(stripe, (s = stripeSource(stripe)));
  return s;
}
