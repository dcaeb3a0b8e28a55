import "server-only";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";

export interface Actor { id: string; label?: string }

/** Desk action: puts a FAILED event back in the queue, with an audit entry in the same transaction. */
export async function retryFailedEvent(eventId: string, actor: Actor): Promise<{ id: string; status: "PENDING" }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const ev = await tx.stripeEvent.findUnique({ where: { id: eventId }, select: { id: true, status: true, attempts: true, lastError: true } });
    if (!ev) throw new NotFoundError("Event not found");
    if (ev.status !== "FAILED") throw new ValidationError("Only failed events can be retried.");
    await tx.stripeEvent.update({ where: { id: eventId }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null } });
    await tx.auditEntry.create({
      data: {
        actorId: actor.id, actorLabel: actor.label ?? `user:${actor.id}`, action: "stripe_event.retry", entityType: "StripeEvent", entityId: eventId,
        before: { status: ev.status, attempts: ev.attempts, lastError: ev.lastError }, after: { status: "PENDING", attempts: 0 },
      },
    });
    return { id: eventId, status: "PENDING" as const };
  });
}
