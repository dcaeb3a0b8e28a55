import "server-only";
import type { Db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { startResync } from "./run-resync";

/**
 * Desk action: "Resync from Stripe". Leads and admins only: it lists every resource of the
 * account and queues a snapshot of each object, a heavy operation nobody needs twice. It runs
 * in the background (the page follows the per-resource cursors); an interrupted resync resumes
 * from its saved cursors.
 */
export async function requestResync(db: Db, opts: { actor: Actor; since?: Date }): Promise<{ started: true }> {
  const staff = assertStaff(opts.actor, "LEAD");
  // The lease decides between two leads pressing the button at once, on any process; the audit
  // entry is written once it is ours, so a refused request leaves none.
  const { started } = await startResync(db, {
    since: opts.since,
    onClaimed: () =>
      writeAudit(db, {
        actor: auditActor(staff),
        action: "stripe_sync.resync",
        entityType: "SyncCursor",
        entityId: "all",
        after: opts.since ? { since: opts.since.toISOString() } : undefined,
      }).then(() => undefined),
  });
  if (!started) throw new ConflictError("desk.sync.resyncRunning");
  return { started: true };
}
