import "server-only";
import type { DisputeReason } from "@prisma/client";
import type { Db } from "@/lib/db";
import { isWellFormedId } from "@/lib/input";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { getSlaPolicy } from "@/features/disputes/get-sla-policy";
import { initialDeadlines } from "@/features/disputes/sla";
import { notifyCustomer } from "@/features/disputes/notify";
import { formatAmount } from "@/features/billing-display/format";
import { createT } from "@/lib/i18n";
import { FindingConflictError } from "./change-finding-status";
import { describeFinding } from "./describe-finding";
import { lineIdsOf } from "@/features/billing-display/finding-line-numbers";
import { notifyNewDispute } from "@/features/disputes/notify-staff";

const REASON: Record<string, DisputeReason> = {
  duplicate_charge: "CHARGED_TWICE",
  overpayment: "CHARGED_TWICE",
  tariff_price: "WRONG_PRICE",
  line_math: "WRONG_PRICE",
  contract_discount: "DISCOUNT",
  after_service_end: "AFTER_CANCELLATION",
  after_subscription_end: "AFTER_CANCELLATION",
  trial_charged: "OTHER",
  quantity_mismatch: "WRONG_QUANTITY",
  metered_usage_mismatch: "WRONG_QUANTITY",
  proration_credit: "OTHER",
  invoice_math: "OTHER",
};

/**
 * A confirmed finding becomes a staff-initiated dispute (origin AUDIT) on its invoice, so the
 * correction follows the usual desk flow (recalculation, credit note, approval). The lines the
 * finding names become the dispute's lines (unless another open dispute holds one), and the
 * first timeline entry says what was found: the portal renders it from the finding in the
 * reader's language, so no claim is put in the customer's mouth. When asked, the customer is
 * emailed what was found and what happens next (outbox, same transaction).
 */
export async function openDisputeFromFinding(db: Db, options: { actor: Actor; findingId: string; notifyCustomer?: boolean; now?: Date }) {
  const actor = assertStaff(options.actor, "AGENT");
  if (!isWellFormedId(options.findingId)) throw new NotFoundError("Finding not found");
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  return db.$transaction(async (tx) => {
    const f = await tx.finding.findUnique({
      where: { id: options.findingId },
      select: {
        id: true,
        rule: true,
        status: true,
        disputeId: true,
        invoiceId: true,
        customerId: true,
        currency: true,
        amountAtStakeMinor: true,
        summary: true,
        evidence: true,
        suggestion: true,
        invoice: { select: { number: true, stripeId: true, lines: { select: { id: true, stripeId: true, position: true, description: true } } } },
        customer: { select: { name: true, email: true } },
      },
    });
    if (!f) throw new NotFoundError("Finding not found");
    if (f.status !== "CONFIRMED") throw new ValidationError("audit.err.notConfirmed", { findingId: "audit.err.notConfirmed" });
    if (f.disputeId) return { disputeId: f.disputeId, created: false };
    if (!f.invoiceId || !f.customerId || !f.invoice) throw new ValidationError("audit.err.noInvoice", { findingId: "audit.err.noInvoice" });
    const named = new Set(lineIdsOf([f.evidence, f.suggestion]));
    const candidates = f.invoice.lines.filter((l) => named.has(l.stripeId));
    // A line already under another open dispute stays with that dispute (one open dispute per line).
    const taken = new Set(
      (await tx.disputedLine.findMany({ where: { openLineKey: { in: candidates.map((l) => l.id) } }, select: { openLineKey: true } })).map(
        (l) => l.openLineKey,
      ),
    );
    const lines = candidates.filter((l) => !taken.has(l.id)).sort((a, b) => a.position - b.position);
    const currency = f.currency ?? "usd";
    const dispute = await tx.dispute.create({
      data: {
        customerId: f.customerId,
        invoiceId: f.invoiceId,
        origin: "AUDIT",
        reason: REASON[f.rule] ?? "OTHER",
        scope: lines.length ? "lines" : "invoice",
        description: `Billing audit: ${f.summary}`,
        currency,
        claimedMinor: f.amountAtStakeMinor,
        openedById: actor.id,
        createdAt: now,
        ...initialDeadlines(now, policy),
        lines: { create: lines.map((l) => ({ invoiceLineId: l.id, openLineKey: l.id })) },
      },
      select: { id: true, number: true, customerId: true, openedById: true },
    });
    await tx.disputeMessage.create({
      data: {
        disputeId: dispute.id,
        authorId: actor.id,
        kind: "MESSAGE",
        visibility: "PUBLIC",
        body: "",
        meta: { opening: true, audit: true },
        createdAt: now,
      },
    });
    // Only link if still unlinked: two clicks cannot open two disputes.
    const { count } = await tx.finding.updateMany({ where: { id: f.id, disputeId: null }, data: { disputeId: dispute.id } });
    if (count !== 1) throw new FindingConflictError();
    await notifyNewDispute(tx, { ...dispute, customer: f.customer });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "finding.open_dispute",
      entityType: "finding",
      entityId: f.id,
      after: { disputeId: dispute.id, number: dispute.number },
    });
    if (options.notifyCustomer) {
      const lineNumbers = Object.fromEntries(f.invoice.lines.map((l) => [l.stripeId, l.position + 1]));
      const invoiceNumber = f.invoice.number ?? f.invoice.stripeId;
      await notifyCustomer(
        tx,
        dispute,
        "audit_found",
        (locale) => {
          const t = createT(locale);
          const d = describeFinding({ ...f, invoiceNumber }, { t, locale, lineNumber: (id) => lineNumbers[id] ?? null });
          return {
            invoice: invoiceNumber,
            body: d.title,
            details: lines.map((l) => t("disputes.detail.auditLine", { line: l.position + 1, description: l.description ?? "—" })),
            amount: f.amountAtStakeMinor > 0n ? formatAmount(f.amountAtStakeMinor, currency, locale) : undefined,
          };
        },
        `audit-finding-notice:${f.id}`,
      );
    }
    return { disputeId: dispute.id, created: true };
  });
}
