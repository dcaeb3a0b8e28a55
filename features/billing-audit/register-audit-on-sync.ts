import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { onProjectionChanged } from "@/features/stripe-sync/processor/notifier";
import type { ProjectionChange } from "@/features/stripe-sync/types";
import { customersInvoiceIds } from "./audit-customer";
import { auditInvoices, type AuditResult } from "./audit-invoices";

type Holder = { unsubscribe?: () => void };
const holder = ((globalThis as { __settleAuditOnSync?: Holder }).__settleAuditOnSync ??= {});

/**
 * A subscription changed (ended, trial moved, quantity changed): re-audit only the customer's
 * invoices of the last `sinceDays` that bill one of its items' prices (what the subscription
 * rules can match to it), through the Invoice(customerId, …) index and each invoice's lines.
 */
export async function auditSubscriptionChange(db: Db, change: { stripeId: string; customerId: string }, sinceDays = 60): Promise<AuditResult> {
  return auditInvoices(db, await subscriptionInvoiceIds(db, change, sinceDays));
}

/** The invoices a subscription change re-audits (see auditSubscriptionChange). */
async function subscriptionInvoiceIds(db: Db, change: { stripeId: string; customerId: string }, sinceDays = 60): Promise<string[]> {
  const items = await db.subscriptionItem.findMany({ where: { subscription: { stripeId: change.stripeId } }, select: { priceId: true } });
  const prices = [...new Set(items.map((i) => i.priceId).filter(Boolean))];
  if (!prices.length) return [];
  const rows = await db.invoice.findMany({
    where: {
      customerId: change.customerId,
      stripeCreated: { gte: new Date(Date.now() - sinceDays * 86_400_000) },
      lines: { some: { priceId: { in: prices } } },
    },
    select: { id: true },
    orderBy: { stripeCreated: "desc" },
    take: 500,
  });
  return rows.map((r) => r.id);
}

/** What one committed projection change re-audits: its invoice, a subscription's invoices, else the customer's last 60 days. */
export async function auditChange(db: Db, change: ProjectionChange): Promise<void> {
  await auditChanges(db, [change]);
}

/** Invoices one audit pass loads at most (the sweep's batch size is of the same order). */
const AUDIT_CHUNK = 500;

/**
 * What a set of committed projection changes re-audits, as one audit pass over the union of
 * their invoices (each invoice once): the changed invoices, the subscriptions' invoices, and the
 * customers' last 60 days for a payment, charge, refund, credit note or dispute. The same
 * invoices as auditing each change alone, in one load of contexts instead of one per change.
 */
export async function auditChanges(db: Db, changes: ProjectionChange[]): Promise<AuditResult> {
  const invoiceIds = new Set<string>();
  const customers = new Set<string>();
  const subscriptions = new Map<string, { stripeId: string; customerId: string }>();
  for (const change of changes) {
    if (change.invoiceId) invoiceIds.add(change.invoiceId);
    else if (change.kind === "subscription") {
      if (change.customerId) subscriptions.set(change.stripeId, { stripeId: change.stripeId, customerId: change.customerId });
    } else if (change.customerId && change.kind !== "customer" && change.kind !== "price") customers.add(change.customerId);
  }
  for (const sub of subscriptions.values()) for (const id of await subscriptionInvoiceIds(db, sub)) invoiceIds.add(id);
  for (const id of await customersInvoiceIds(db, [...customers], 60)) invoiceIds.add(id);
  const ids = [...invoiceIds];
  const total: AuditResult = { invoices: 0, findings: [], created: 0, resolved: 0 };
  for (let i = 0; i < ids.length; i += AUDIT_CHUNK) {
    const r = await auditInvoices(db, ids.slice(i, i + AUDIT_CHUNK));
    total.invoices += r.invoices;
    total.findings.push(...r.findings);
    total.created += r.created;
    total.resolved += r.resolved;
  }
  return total;
}

// Changes committed while an audit pass runs wait for the next pass (one pass at a time per
// process): under load, one pass covers the many events committed meanwhile; when quiet, a
// change is audited within COALESCE_MS of its commit.
const COALESCE_MS = 20;

type Queue = { changes: ProjectionChange[]; running?: Promise<void>; timer?: ReturnType<typeof setTimeout>; idle: (() => void)[] };
const queue = ((globalThis as { __settleAuditQueue?: Queue }).__settleAuditQueue ??= { changes: [], idle: [] });

function schedule(db: Db) {
  if (queue.running || queue.timer || !queue.changes.length) return;
  queue.timer = setTimeout(() => {
    queue.timer = undefined;
    const changes = queue.changes.splice(0);
    queue.running = auditChanges(db, changes)
      .then(
        () => undefined,
        (err) => {
          // The sweep catches up later; sync must never fail because of the audit.
          logger.warn({ changes: changes.length, err: err instanceof Error ? err.message : String(err) }, "incremental audit failed");
        },
      )
      .finally(() => {
        queue.running = undefined;
        if (queue.changes.length) schedule(db);
        else for (const resolve of queue.idle.splice(0)) resolve();
      });
  }, COALESCE_MS);
}

/** Resolves once every change notified so far has been audited (benchmarks, tests, shutdown). */
export function incrementalAuditSettled(): Promise<void> {
  if (!queue.running && !queue.timer && !queue.changes.length) return Promise.resolve();
  return new Promise((resolve) => queue.idle.push(resolve));
}

/**
 * Subscribes the incremental audit to stripe-sync's notifier (called once at start-up; repeated
 * calls and hot reloads keep a single subscription). Returns the unsubscribe function.
 */
export function registerAuditOnSync(db: Db): () => void {
  if (holder.unsubscribe) return holder.unsubscribe;
  const off = onProjectionChanged((change) => {
    queue.changes.push(change);
    schedule(db);
  });
  holder.unsubscribe = () => {
    off();
    holder.unsubscribe = undefined;
  };
  return holder.unsubscribe;
}
