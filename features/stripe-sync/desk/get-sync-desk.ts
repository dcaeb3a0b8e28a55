import "server-only";
import type { Db } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { hasRole } from "@/features/auth/roles";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getSyncHealth, type SyncHealth } from "./get-sync-health";
import { listFailedEvents } from "./list-failed-events";
import { resyncStatus } from "../resync/run-resync";
import { getApiBudget, type ApiBudgetView } from "./get-api-budget";

export interface ResyncCursorView {
  resource: string;
  cursor: string | null;
  since: Date | null;
  startedAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
}

export interface SyncDesk {
  health: SyncHealth;
  failed: Awaited<ReturnType<typeof listFailedEvents>>;
  resync: {
    /** True while a resync is listing, in any process; cursors without completedAt and no run = interrupted. */
    running: boolean;
    lastError: string | null;
    cursors: ResyncCursorView[];
    /** Snapshots queued by resync and not yet applied. */
    pendingSnapshots: number;
  };
  canResync: boolean;
  /**
   * The Stripe mode Settle runs in (its key's), and how many invoices of the other mode the
   * database still holds: kept, but never reconciled, resynced or audited.
   */
  mode: { livemode: boolean; otherModeInvoices: number };
  /** Settle's shared Stripe API budget and any throttling */
  apiBudget: ApiBudgetView;
}

/** The sync-health desk page: what /api/health says, plus the failed events and resync progress. */
export async function getSyncDesk(db: Db, opts: { actor: Actor; failedLimit?: number }): Promise<SyncDesk> {
  const staff = assertStaff(opts.actor, "AGENT");
  const livemode = stripeLivemode();
  const [health, failed, cursors, [{ n }], lease, otherModeInvoices, apiBudget] = await Promise.all([
    getSyncHealth(db),
    listFailedEvents(db, { limit: opts.failedLimit ?? 50 }),
    db.syncCursor.findMany({ orderBy: { startedAt: "asc" } }),
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "StripeEvent" WHERE source = 'resync' AND status IN ('PENDING', 'PROCESSING')`,
    resyncStatus(db),
    db.invoice.count({ where: { livemode: !livemode } }),
    getApiBudget(db),
  ]);
  return {
    health,
    failed,
    resync: { running: lease.running, lastError: lease.lastError, cursors, pendingSnapshots: n },
    canResync: hasRole(staff.role, "LEAD"),
    mode: { livemode, otherModeInvoices },
    apiBudget,
  };
}
