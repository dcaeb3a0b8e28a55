import "server-only";
import type { Dispute, Prisma, RootCause } from "@prisma/client";
import { env } from "@/lib/env";
import { writeAudit, type AuditActor } from "@/features/audit-log/write-audit";
import type { Locale } from "@/lib/i18n";
import { notifyCustomer } from "./notify";

const outcomeLabel = { en: { RESOLVED: "resolved", REJECTED: "rejected" }, ru: { RESOLVED: "решён", REJECTED: "отклонён" } } as const;

/**
 * The inside of resolving a dispute, for a caller that already holds its row lock (lockDispute)
 * and checked the transition: status and root cause, lines released, the public RESOLUTION
 * message, the audit entry and the customer's email. Used by resolveDispute (a staff member)
 * and by a confirmed correction (the system, on Stripe's webhook).
 */
export async function applyResolution(
  tx: Prisma.TransactionClient,
  options: {
    actor: AuditActor;
    authorId: string | null;
    dispute: Dispute;
    outcome: "RESOLVED" | "REJECTED";
    rootCause: RootCause;
    /** The public note as written (empty: none); `emailNote` words the email per recipient's language when there is none. */
    note: string;
    emailNote?: (locale: Locale) => string;
    creditNoteId?: string;
    now: Date;
    meta?: Record<string, string>;
  },
) {
  const { dispute: d, outcome, rootCause, note, creditNoteId, now } = options;
  const disputeId = d.id;
  await tx.dispute.update({
    where: { id: disputeId },
    data: {
      status: outcome,
      rootCause,
      resolutionNote: note,
      resolvedAt: now,
      slaPausedAt: null,
      version: { increment: 1 },
      ...(d.slaPausedAt ? { slaPausedSeconds: { increment: Math.max(0, Math.round((now.getTime() - d.slaPausedAt.getTime()) / 1000)) } } : {}),
    },
  });
  await tx.disputedLine.updateMany({ where: { disputeId }, data: { openLineKey: null } });
  await tx.disputeMessage.create({
    data: {
      disputeId,
      authorId: options.authorId,
      kind: "RESOLUTION",
      visibility: "PUBLIC",
      body: note,
      meta: { from: d.status, to: outcome, outcome, rootCause, ...(creditNoteId ? { creditNoteId } : {}), ...options.meta },
      createdAt: now,
    },
  });
  await writeAudit(tx, {
    actor: options.actor,
    action: "dispute.resolve",
    entityType: "dispute",
    entityId: disputeId,
    before: { status: d.status },
    after: { status: outcome, rootCause, creditNoteId: creditNoteId ?? null },
    reason: note || null,
  });
  const creditNoteUrl = creditNoteId ? new URL(`/credit-notes/${creditNoteId}`, env().NEXTAUTH_URL).toString() : undefined;
  await notifyCustomer(
    tx,
    d,
    "resolution",
    (locale) => ({ outcome: outcomeLabel[locale][outcome], note: note || options.emailNote?.(locale), creditNoteUrl }),
    `dispute:${disputeId}:resolution:${d.version + 1}`,
  );
}
