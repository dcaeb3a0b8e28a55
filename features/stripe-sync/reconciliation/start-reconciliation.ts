import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { resumableRunWhere, runReconciliation, STALE_RUN_MS } from "./run-reconciliation";

// A run that has made no progress for STALE_RUN_MS (no page committed) died with its process; it no
// longer blocks a new start, which continues it from its last page (run-reconciliation.ts).
export { STALE_RUN_MS };

export interface StartedReconciliation {
  runId: string;
  finished: boolean;
}

/**
 * Desk action: starts a reconciliation against Stripe. Any staff member may: it only reads
 * Stripe and writes a report, and the start is audited. The run row and its audit entry are
 * committed together; the comparison then runs in the background and the caller waits up to
 * `waitMs` for it (a small account finishes within the request, a large one shows as running).
 */
export async function startReconciliation(db: Db, opts: { actor: Actor; stripe?: Stripe; waitMs?: number }): Promise<StartedReconciliation> {
  const staff = assertStaff(opts.actor, "AGENT");
  const run = await db.$transaction(async (tx) => {
    // One run at a time across every server: the advisory lock makes check-then-insert atomic.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('settle.reconciliation.start', 0))`;
    const now = new Date();
    const since = new Date(now.getTime() - STALE_RUN_MS);
    const busy = await tx.reconciliationRun.findFirst({
      where: { finishedAt: null, OR: [{ progressAt: { gt: since } }, { progressAt: null, startedAt: { gt: since } }] },
      select: { id: true },
    });
    if (busy) throw new ConflictError("desk.sync.reconcileRunning");
    // A run that stopped part-way (its process died, or Stripe failed it) is continued, not redone.
    const stopped = await tx.reconciliationRun.findFirst({ where: resumableRunWhere(now), orderBy: { startedAt: "desc" }, select: { id: true } });
    const run = stopped ?? (await tx.reconciliationRun.create({ data: {}, select: { id: true } }));
    await writeAudit(tx, {
      actor: auditActor(staff),
      action: "stripe_sync.reconcile",
      entityType: "ReconciliationRun",
      entityId: run.id,
      ...(stopped ? { reason: "continued" } : {}),
    });
    if (stopped) await tx.reconciliationRun.update({ where: { id: run.id }, data: { progressAt: new Date(), finishedAt: null, error: null } });
    return run;
  });
  const done = runReconciliation(db, { stripe: opts.stripe, runId: run.id }).then(
    () => true,
    (error: unknown) => {
      // runReconciliation has already stored the error on the run row.
      logger.error({ runId: run.id, error: error instanceof Error ? error.name : "unknown" }, "desk reconciliation failed");
      return true;
    },
  );
  const finished = await Promise.race([done, new Promise<boolean>((r) => setTimeout(() => r(false), opts.waitMs ?? 8_000).unref())]);
  return { runId: run.id, finished };
}
