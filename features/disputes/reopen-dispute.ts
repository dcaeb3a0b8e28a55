import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertCustomer, auditActor, type Actor, customerIdsOf } from "@/features/auth/actor";
import { getSlaPolicy } from "./get-sla-policy";
import { lockDispute } from "./lock-dispute";
import { initialDeadlines } from "./sla";
import { canReopen } from "./state-machine";

/**
 * The customer reopens a resolved or rejected dispute within 30 days. Its lines take their
 * open-line keys back, so this fails plainly if a newer dispute already covers one of them.
 */
export async function reopenDispute(db: Db, options: { actor: Actor; disputeId: string; reason?: string; now?: Date }) {
  const actor = assertCustomer(options.actor);
  const owned = await db.dispute.findFirst({ where: { id: options.disputeId, customerId: { in: await customerIdsOf(db, actor.id) } }, select: { id: true } });
  if (!owned) throw new NotFoundError("Dispute not found");
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  return db.$transaction(async (tx) => {
    const d = await lockDispute(tx, owned.id);
    if (!canReopen(d.status, d.resolvedAt, now)) throw new ValidationError("disputes.err.cannotReopen", { form: "disputes.err.cannotReopen" });
    const lines = await tx.disputedLine.findMany({ where: { disputeId: d.id }, select: { id: true, invoiceLineId: true } });
    const taken = await tx.disputedLine.count({ where: { openLineKey: { in: lines.map((l) => l.invoiceLineId) } } });
    if (taken > 0) throw new ValidationError("disputes.err.lineAlreadyDisputed", { form: "disputes.err.lineAlreadyDisputed" });
    for (const l of lines) await tx.disputedLine.update({ where: { id: l.id }, data: { openLineKey: l.invoiceLineId } });
    await tx.dispute.update({
      where: { id: d.id },
      data: {
        status: "OPEN",
        reopenedAt: now,
        reopenCount: { increment: 1 },
        resolvedAt: null,
        rootCause: null,
        resolutionNote: null,
        firstRespondedAt: null,
        slaPausedAt: null,
        ...initialDeadlines(now, policy),
        version: { increment: 1 },
      },
    });
    const body = options.reason?.trim().slice(0, 5000) ?? "";
    await tx.disputeMessage.create({
      data: {
        disputeId: d.id,
        authorId: actor.id,
        kind: "STATUS_CHANGE",
        visibility: "PUBLIC",
        body,
        meta: { from: d.status, to: "OPEN", reopened: true },
        createdAt: now,
      },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "dispute.reopen",
      entityType: "dispute",
      entityId: d.id,
      before: { status: d.status, rootCause: d.rootCause },
      after: { status: "OPEN" },
      reason: body || null,
    });
    return { id: d.id };
  });
}
