import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getSlaPolicy } from "./get-sla-policy";
import { slaState } from "./sla";
import { manualTargets } from "./state-machine";

/** Everything an agent needs on one screen: the claim, the invoice beside it, the full timeline. */
export async function getDeskDispute(db: Db, options: { actor: Actor; disputeId: string; now?: Date }) {
  assertStaff(options.actor);
  if (!isWellFormedId(options.disputeId)) throw new NotFoundError("Dispute not found");
  const now = options.now ?? new Date();
  const d = await db.dispute.findUnique({
    where: { id: options.disputeId },
    include: {
      customer: { select: { id: true, name: true, email: true, stripeId: true } },
      assignee: { select: { id: true, name: true, email: true } },
      openedBy: { select: { id: true, email: true, locale: true } },
      invoice: {
        select: {
          id: true,
          number: true,
          status: true,
          currency: true,
          subtotal: true,
          total: true,
          amountPaid: true,
          amountRemaining: true,
          periodStart: true,
          periodEnd: true,
          stripeCreated: true,
          lines: {
            orderBy: { position: "asc" },
            select: { id: true, description: true, quantity: true, unitAmountDecimal: true, amount: true, periodStart: true, periodEnd: true },
          },
          creditNotes: { select: { id: true, number: true, total: true, currency: true, status: true } },
        },
      },
      lines: { select: { invoiceLineId: true, expectedQuantity: true, expectedAmount: true, openLineKey: true } },
      messages: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: {
          author: { select: { id: true, name: true, email: true, role: true } },
          attachments: { select: { id: true, fileName: true, mimeType: true, sizeBytes: true } },
        },
      },
    },
  });
  if (!d) throw new NotFoundError("Dispute not found");
  const policy = await getSlaPolicy(db);
  const [cannedReplies, findings] = await Promise.all([
    db.cannedReply.findMany({
      where: { reason: d.reason },
      orderBy: [{ locale: "asc" }, { title: "asc" }],
      select: { id: true, title: true, body: true, locale: true },
    }),
    // The billing audit's findings for this dispute: those linked to it, and the live ones on its
    // invoice (a duplicate charge the customer is disputing may have been found first).
    db.finding.findMany({
      where: { OR: [{ disputeId: d.id }, { invoiceId: d.invoiceId, status: { in: ["OPEN", "CONFIRMED"] } }] },
      orderBy: [{ detectedAt: "asc" }, { id: "asc" }],
      take: 20,
      select: {
        id: true,
        rule: true,
        status: true,
        severity: true,
        currency: true,
        amountAtStakeMinor: true,
        summary: true,
        disputeId: true,
        correctionId: true,
      },
    }),
  ]);
  return {
    ...d,
    cannedReplies,
    findings,
    nextStatuses: manualTargets(d.status),
    sla: {
      firstResponse: slaState({ dueAt: d.firstResponseDueAt, doneAt: d.firstRespondedAt, pausedAt: d.slaPausedAt }, now, policy),
      resolution: slaState({ dueAt: d.resolutionDueAt, doneAt: d.resolvedAt, pausedAt: d.slaPausedAt }, now, policy),
    },
  };
}
