import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { onProjectionChanged } from "@/features/stripe-sync/processor/notifier";
import type { ProjectionChange } from "@/features/stripe-sync/types";
import { auditCustomer } from "./audit-customer";
import { auditInvoice } from "./audit-invoices";

type Holder = { unsubscribe?: () => void };
const holder = ((globalThis as { __settleAuditOnSync?: Holder }).__settleAuditOnSync ??= {});

/** What one committed projection change re-audits: its invoice, else the customer's last 60 days. */
export async function auditChange(db: Db, change: ProjectionChange): Promise<void> {
  if (change.invoiceId) await auditInvoice(db, change.invoiceId);
  else if (change.customerId && change.kind !== "customer" && change.kind !== "price") await auditCustomer(db, change.customerId, { sinceDays: 60 });
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
