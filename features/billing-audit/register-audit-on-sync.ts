import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { onProjectionChanged } from "@/features/stripe-sync/processor/notifier";
import type { ProjectionChange } from "@/features/stripe-sync/types";
import { auditCustomer } from "./audit-customer";
import { auditInvoice, auditInvoices, type AuditResult } from "./audit-invoices";

type Holder = { unsubscribe?: () => void };
const holder = ((globalThis as { __settleAuditOnSync?: Holder }).__settleAuditOnSync ??= {});

/**
 * A subscription changed (ended, trial moved, quantity changed): re-audit only the customer's
 * invoices of the last `sinceDays` that bill one of its items' prices (what the subscription
 * rules can match to it), through the Invoice(customerId, …) index and each invoice's lines.
 */
export async function auditSubscriptionChange(db: Db, change: { stripeId: string; customerId: string }, sinceDays = 60): Promise<AuditResult> {
  const items = await db.subscriptionItem.findMany({ where: { subscription: { stripeId: change.stripeId } }, select: { priceId: true } });
  const prices = [...new Set(items.map((i) => i.priceId).filter(Boolean))];
  if (!prices.length) return { invoices: 0, findings: [], created: 0, resolved: 0 };
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
  return auditInvoices(
    db,
    rows.map((r) => r.id),
  );
}

/** What one committed projection change re-audits: its invoice, a subscription's invoices, else the customer's last 60 days. */
export async function auditChange(db: Db, change: ProjectionChange): Promise<void> {
  if (change.invoiceId) await auditInvoice(db, change.invoiceId);
  else if (change.kind === "subscription") {
    if (change.customerId) await auditSubscriptionChange(db, { stripeId: change.stripeId, customerId: change.customerId });
  } else if (change.customerId && change.kind !== "customer" && change.kind !== "price") await auditCustomer(db, change.customerId, { sinceDays: 60 });
}

/**
 * Subscribes the incremental audit to stripe-sync's notifier (called once at start-up; repeated
 * calls and hot reloads keep a single subscription). Returns the unsubscribe function.
 */
export function registerAuditOnSync(db: Db): () => void {
  if (holder.unsubscribe) return holder.unsubscribe;
  const off = onProjectionChanged(async (change) => {
    try {
      await auditChange(db, change);
    } catch (err) {
      // The sweep catches up later; sync must never fail because of the audit.
      logger.warn({ kind: change.kind, err: err instanceof Error ? err.message : String(err) }, "incremental audit failed");
    }
  });
  holder.unsubscribe = () => {
    off();
    holder.unsubscribe = undefined;
  };
  return holder.unsubscribe;
}
