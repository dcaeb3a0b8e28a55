import "server-only";
import type { Prisma } from "@prisma/client";

/** A transaction client (or the client itself): the audit row must share the change's transaction. */
export type AuditTx = Pick<Prisma.TransactionClient, "auditEntry">;

export type AuditActor = { id: string | null; label?: string };

export type AuditInput = {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
};

// JSON columns cannot hold bigint or Date as such: money stays exact as a decimal string.
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonValue;
}

/**
 * Records one staff (or system) change. Call it with the same transaction client that made
 * the change: if the change rolls back, so does its audit entry, and vice versa.
 */
export async function writeAudit(tx: AuditTx, input: AuditInput) {
  return tx.auditEntry.create({
    data: {
      actorId: input.actor.id,
      actorLabel: input.actor.label ?? (input.actor.id ? `user:${input.actor.id}` : "system"),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: toJson(input.before),
      after: toJson(input.after),
      reason: input.reason ?? null,
      requestId: input.requestId ?? null,
    },
    select: { id: true },
  });
}
