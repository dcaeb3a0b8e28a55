import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { hasRole } from "@/features/auth/roles";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getApprovalEvidence } from "../approval/get-approval-evidence";
import type { CreditLine } from "../types";

/**
 * Whether Stripe would accept voiding the credit note: not once money left through a refund in
 * it, and not when it paid off its invoice (a pre-payment credit on an invoice now paid). Void
 * is only offered where Stripe accepts it; Stripe's own answer is still checked on the action.
 */
function voidable(c: { refundMinor: bigint }, note: { refundAmount: bigint; prePaymentAmount: bigint } | null, invoiceStatus: string): boolean {
  if (c.refundMinor > 0n || (note && note.refundAmount > 0n)) return false;
  return !(note && note.prePaymentAmount > 0n && invoiceStatus === "PAID");
}

/** One correction for the desk: its state, money, people, Stripe's ids, its audit trail and what this person may do with it. */
export async function getCorrectionDetail(db: Db, options: { actor: Actor; correctionId: string }) {
  const actor = assertStaff(options.actor);
  if (!isWellFormedId(options.correctionId)) throw new NotFoundError("Correction not found");
  const c = await db.correction.findUnique({
    where: { id: options.correctionId },
    include: {
      invoice: { select: { id: true, number: true, stripeId: true, status: true, total: true, currency: true, customerId: true } },
      dispute: { select: { id: true, number: true, status: true, reason: true } },
    },
  });
  if (!c) throw new NotFoundError("Correction not found");
  const [people, creditNote, history, evidence] = await Promise.all([
    db.user.findMany({
      where: { id: { in: [c.requestedById, c.approvedById].filter((x): x is string => !!x) } },
      select: { id: true, name: true, email: true },
    }),
    c.stripeCreditNoteId
      ? db.creditNote.findUnique({
          where: { stripeId: c.stripeCreditNoteId },
          select: { id: true, number: true, total: true, currency: true, status: true, refundAmount: true, prePaymentAmount: true },
        })
      : null,
    db.auditEntry.findMany({
      where: { entityType: "correction", entityId: c.id },
      orderBy: { id: "asc" },
      select: { id: true, at: true, action: true, actorId: true, actorLabel: true, reason: true },
    }),
    getApprovalEvidence(db, c),
  ]);
  const actors = await db.user.findMany({
    where: { id: { in: history.map((h) => h.actorId).filter((x): x is string => !!x) } },
    select: { id: true, name: true, email: true },
  });
  const who = (id: string | null) => [...people, ...actors].find((u) => u.id === id) ?? null;
  const isLead = hasRole(actor.role, "LEAD");
  const isRequester = c.requestedById === actor.id;
  return {
    ...c,
    lines: (Array.isArray(c.lines) ? c.lines : []) as CreditLine[],
    requester: who(c.requestedById),
    approver: who(c.approvedById),
    creditNote,
    evidence,
    history: history.map((h) => ({ ...h, actor: who(h.actorId) })),
    isRequester,
    canDecide: c.status === "PENDING_APPROVAL" && isLead && !isRequester,
    canRetry: c.status === "FAILED",
    canVoid: c.status === "ISSUED" && c.kind === "credit_note" && isLead && voidable(c, creditNote, c.invoice.status),
  };
}
