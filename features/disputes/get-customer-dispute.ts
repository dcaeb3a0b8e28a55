import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { assertCustomer, type Actor, customerIdsOf } from "@/features/auth/actor";
import { canReopen } from "./state-machine";
import { loadLineNumbers } from "@/features/billing-display/finding-line-numbers";

/**
 * One dispute as its customer sees it. Only PUBLIC messages (and their attachments) are
 * selected: internal notes are filtered in the query, so no later rendering can leak them.
 */
export async function getCustomerDispute(db: Db, options: { actor: Actor; disputeId: string; now?: Date }) {
  const actor = assertCustomer(options.actor);
  if (!isWellFormedId(options.disputeId)) throw new NotFoundError("Dispute not found");
  const d = await db.dispute.findFirst({
    where: { id: options.disputeId, customerId: { in: await customerIdsOf(db, actor.id) } },
    select: {
      id: true,
      number: true,
      status: true,
      reason: true,
      scope: true,
      description: true,
      currency: true,
      claimedMinor: true,
      origin: true,
      // What the billing audit found, for a dispute Settle opened itself (rendered in the reader's language).
      findings: { take: 1, orderBy: { detectedAt: "asc" }, select: { rule: true, currency: true, evidence: true, suggestion: true } },
      createdAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
      firstRespondedAt: true,
      resolvedAt: true,
      slaPausedAt: true,
      invoice: { select: { id: true, number: true, currency: true, total: true } },
      lines: {
        select: {
          id: true,
          expectedQuantity: true,
          expectedAmount: true,
          invoiceLine: { select: { id: true, description: true, quantity: true, amount: true, currency: true, position: true } },
        },
      },
      messages: {
        where: { visibility: "PUBLIC" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          body: true,
          meta: true,
          createdAt: true,
          author: { select: { role: true, name: true } },
          attachments: { select: { id: true, fileName: true, mimeType: true, sizeBytes: true } },
        },
      },
    },
  });
  if (!d) throw new NotFoundError("Dispute not found");
  const creditNoteIds = d.messages
    .map((m) =>
      (m.kind === "RESOLUTION" || m.kind === "CORRECTION") && m.meta && typeof m.meta === "object"
        ? (m.meta as { creditNoteId?: string }).creditNoteId
        : undefined,
    )
    .filter((x): x is string => !!x);
  const creditNotes = creditNoteIds.length
    ? await db.creditNote.findMany({
        where: { id: { in: creditNoteIds }, invoiceId: d.invoice.id },
        select: { id: true, number: true, total: true, currency: true },
      })
    : [];
  const { findings, ...dispute } = d;
  const finding = d.origin === "AUDIT" ? (findings[0] ?? null) : null;
  const audit = finding ? { ...finding, lineNumbers: await loadLineNumbers(db, [finding.evidence, finding.suggestion]) } : null;
  return {
    ...dispute,
    audit,
    lines: d.lines.sort((a, b) => a.invoiceLine.position - b.invoiceLine.position),
    messages: d.messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      body: m.body,
      createdAt: m.createdAt,
      // Staff are shown as "Billing team": customers see the team, not internal names or roles.
      fromStaff: m.author ? m.author.role !== "CUSTOMER" : true,
      meta: publicMeta(m.meta),
      attachments: m.attachments,
    })),
    creditNotes,
    canReopen: canReopen(d.status, d.resolvedAt, options.now ?? new Date()),
  };
}

// Only these keys of a message's meta are for customers (root cause and staff ids stay inside).
function publicMeta(meta: unknown) {
  if (!meta || typeof meta !== "object") return {};
  const m = meta as Record<string, unknown>;
  const pick = (k: string) => (typeof m[k] === "string" ? (m[k] as string) : undefined);
  return {
    from: pick("from"),
    to: pick("to"),
    outcome: pick("outcome"),
    creditNoteId: pick("creditNoteId"),
    amount: pick("amount"),
    currency: pick("currency"),
    opening: m.opening === true,
    audit: m.audit === true,
  };
}

export type CustomerDispute = Awaited<ReturnType<typeof getCustomerDispute>>;
