import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { writeAudit } from "@/features/audit-log/write-audit";

/**
 * Desk action: puts a FAILED event back in the queue (attempts reset, due now), with an audit
 * entry in the same transaction. Any staff member may do it: processing is idempotent and only
 * brings Settle closer to Stripe, and the retry is recorded.
 */
export async function retryFailedEvent(db: Db, opts: { actor: Actor; eventId: string }): Promise<{ id: string; status: "PENDING" }> {
  const staff = assertStaff(opts.actor, "AGENT");
  const eventId = opts.eventId;
  return db.$transaction(async (tx) => {
    // The status check is in the UPDATE itself, so two clicks (or two staff) retry it once.
    const [ev] = await tx.$queryRaw<{ status: string; attempts: number; lastError: string | null }[]>`
      SELECT status::text AS status, attempts, "lastError" FROM "StripeEvent" WHERE id = ${eventId} FOR UPDATE`;
    if (!ev) throw new NotFoundError("Event not found");
    if (ev.status !== "FAILED") throw new ValidationError("desk.sync.onlyFailed");
    await tx.stripeEvent.update({ where: { id: eventId }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null } });
    await writeAudit(tx, {
      actor: auditActor(staff),
      action: "stripe_event.retry",
      entityType: "StripeEvent",
      entityId: eventId,
      before: { status: ev.status, attempts: ev.attempts, lastError: ev.lastError },
      after: { status: "PENDING", attempts: 0 },
    });
    return { id: eventId, status: "PENDING" as const };
  });
}
