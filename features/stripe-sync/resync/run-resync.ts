import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { ConflictError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { getStripe } from "@/lib/stripe";
import { toPlainJson } from "../convert";
import { safeErrorText } from "../safe-error-text";
import { RESYNC_EVENT_TYPE } from "../events/resolve-event";
import { claimResyncLease, readResyncLease, releaseResyncLease, renewResyncLease } from "./resync-lease";
import { storeEvents } from "../intake/store-events";
import type { StripeJson } from "../types";

type Page = { data: StripeJson[]; has_more: boolean };
type Lister = (stripe: Stripe, params: { limit: number; starting_after?: string; created?: { gte: number } }) => Promise<Page>;

// Parents first, so most resync rows find their parent already projected.
const RESOURCES: [string, Lister][] = [
  ["customers", (s, p) => s.customers.list(p) as unknown as Promise<Page>],
  ["prices", (s, p) => s.prices.list({ ...p, expand: ["data.product", "data.tiers"] }) as unknown as Promise<Page>],
  ["invoices", (s, p) => s.invoices.list({ ...p, expand: ["data.payments", "data.discounts", "data.lines.data.discounts"] }) as unknown as Promise<Page>],
  ["payment_intents", (s, p) => s.paymentIntents.list(p) as unknown as Promise<Page>],
  ["charges", (s, p) => s.charges.list(p) as unknown as Promise<Page>],
  ["refunds", (s, p) => s.refunds.list(p) as unknown as Promise<Page>],
  ["credit_notes", (s, p) => s.creditNotes.list(p as Stripe.CreditNoteListParams) as unknown as Promise<Page>],
  ["disputes", (s, p) => s.disputes.list(p) as unknown as Promise<Page>],
  // Every status: Stripe's list leaves canceled subscriptions out unless status=all is asked.
  // Item prices come without their tiers (expanding data.items.data.price.tiers would
  // be five levels; Stripe expands at most four, docs.stripe.com/api/expanding_objects): the
  // prices listed above carry them.
  ["subscriptions", (s, p) => s.subscriptions.list({ ...p, status: "all" }) as unknown as Promise<Page>],
];

export interface ResyncResult {
  resources: Record<string, number>;
  missedEvents: number;
}

/**
 * Lists one resource page by page into the inbox as `settle.resync` rows (the listed object is
 * the snapshot; the processor applies it like any event). The cursor is saved after each page,
 * so an interrupted resync resumes where it stopped.
 */
async function resyncResource(
  db: Db,
  stripe: Stripe,
  lease: string,
  resource: string,
  list: Lister,
  since: Date | undefined,
  pageEvent: (o: StripeJson, stamp: number) => { event: StripeJson; raw: string },
) {
  let cursor = await db.syncCursor.findUnique({ where: { resource } });
  if (!cursor || cursor.completedAt) {
    cursor = await db.syncCursor.upsert({
      where: { resource },
      update: { cursor: null, since: since ?? null, startedAt: new Date(), completedAt: null },
      create: { resource, since: since ?? null },
    });
  }
  const stamp = cursor.startedAt.getTime();
  const created = cursor.since ? { gte: Math.floor(cursor.since.getTime() / 1000) } : undefined;
  let after = cursor.cursor ?? undefined;
  let count = 0;
  for (;;) {
    const page = await list(stripe, { limit: 100, ...(after ? { starting_after: after } : {}), ...(created ? { created } : {}) });
    const rows = page.data.map((o) => pageEvent(toPlainJson(o), stamp));
    await storeEvents(db, rows as never, "resync");
    count += rows.length;
    if (page.data.length) after = page.data[page.data.length - 1].id;
    await db.syncCursor.update({ where: { resource }, data: { cursor: after ?? null } });
    // Stalled past the lease (another run took over): stop rather than list alongside it.
    if (!(await renewResyncLease(db, lease))) throw new Error("resync lease lost: another resync took over");
    if (!page.has_more || !page.data.length) break;
  }
  await db.syncCursor.update({ where: { resource }, data: { completedAt: new Date() } });
  return count;
}

/** Lists everything into the inbox under the resync lease; refused while another resync runs anywhere. */
export type ResyncOptions = { since?: Date; stripe?: Stripe };

export async function runResync(db: Db, opts: ResyncOptions = {}): Promise<ResyncResult> {
  const lease = await claimResyncLease(db);
  if (!lease) throw new ConflictError("desk.sync.resyncRunning");
  return runUnderLease(db, lease, opts);
}

async function runUnderLease(db: Db, lease: string, opts: ResyncOptions): Promise<ResyncResult> {
  try {
    const result = await listEverything(db, lease, opts);
    await releaseResyncLease(db, lease);
    return result;
  } catch (error) {
    await releaseResyncLease(db, lease, safeErrorText(error)).catch(() => undefined);
    throw error;
  }
}

async function listEverything(db: Db, lease: string, opts: ResyncOptions): Promise<ResyncResult> {
  const stripe = opts.stripe ?? getStripe();
  const result: ResyncResult = { resources: {}, missedEvents: 0 };
  const nowSeconds = Math.floor(Date.now() / 1000);
  const livemode = stripeLivemode();
  const snapshot = (o: StripeJson, stamp: number) => {
    // Listed with the configured key, so of its mode (a refund object has no livemode of its own).
    const event = {
      id: `evt_settle_resync_${o.id}_${stamp}`,
      object: "event",
      type: RESYNC_EVENT_TYPE,
      created: nowSeconds,
      livemode,
      api_version: null,
      data: { object: o },
    };
    return { event, raw: JSON.stringify(event) };
  };
  for (const [resource, list] of RESOURCES) {
    result.resources[resource] = await resyncResource(db, stripe, lease, resource, list, opts.since, snapshot);
  }
  // Missed deliveries: Stripe keeps events 30 days and flags the ones it gave up on.
  const eventsList: Lister = (s, p) => s.events.list({ ...p, delivery_success: false }) as unknown as Promise<Page>;
  result.missedEvents = await resyncResource(db, stripe, lease, "events", eventsList, opts.since, (o) => ({ event: o, raw: JSON.stringify(o) }));
  logger.info({ ...result.resources, missedEvents: result.missedEvents }, "resync queued");
  return result;
}

// This process's own background run (tests wait for it); the lease tells every process's state.
// On globalThis: pages, server actions and route handlers may load this module separately.
type ResyncState = { running?: Promise<ResyncResult> };
const state = ((globalThis as { __settleResync?: ResyncState }).__settleResync ??= {});

/**
 * For the desk button: takes the lease, runs `onClaimed`, and lists in the background. Not
 * started when a resync is running in this process or in any other (web, worker or CLI).
 */
export type StartResyncOptions = { since?: Date; onClaimed?: () => Promise<void> };

export async function startResync(db: Db, opts: StartResyncOptions = {}): Promise<{ started: boolean }> {
  if (state.running) return { started: false };
  const lease = await claimResyncLease(db);
  if (!lease) return { started: false };
  // What must be recorded before anything is listed (the desk's audit entry): if it fails, nothing runs.
  try {
    await opts.onClaimed?.();
  } catch (error) {
    await releaseResyncLease(db, lease, safeErrorText(error));
    throw error;
  }
  const run = runUnderLease(db, lease, opts)
    .catch((error) => {
      logger.error({ error: safeErrorText(error) }, "resync failed");
      throw error;
    })
    .finally(() => {
      state.running = undefined;
    });
  state.running = run;
  run.catch(() => undefined);
  return { started: true };
}

/** True while this process's own background resync runs. */
export const isResyncRunning = (): boolean => state.running !== undefined;

/** Whether a resync runs anywhere, and how the last one ended (from the lease). */
export const resyncStatus = (db: Db) => readResyncLease(db);
