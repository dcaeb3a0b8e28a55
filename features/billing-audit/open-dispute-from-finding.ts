import "server-only";
import type { DisputeReason } from "@prisma/client";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/disputes/access";
import { getSlaPolicy } from "@/features/disputes/get-sla-policy";
import { initialDeadlines } from "@/features/disputes/sla";
import { enqueueEmail } from "@/features/notifications/enqueue-email";

const REASON: Record<string, DisputeReason> = {
  duplicate_charge: "CHARGED_TWICE",
  overpayment: "CHARGED_TWICE",
  tariff_price: "WRONG_PRICE",
  line_math: "WRONG_PRICE",
  contract_discount: "DISCOUNT",
  after_service_end: "AFTER_CANCELLATION",
  invoice_math: "OTHER",
};

/**
 * A confirmed finding becomes a staff-initiated dispute (origin AUDIT) on its invoice, so the
 * correction follows the usual desk flow (recalculation, credit note, approval). When asked,
 * the customer is told an error was found and is being corrected (outbox, same transaction).
 */
export async function openDisputeFromFinding(db: Db, options: { actor: Actor; findingId: string; notifyCustomer?: boolean; now?: Date }) {
  const actor = assertStaff(options.actor, "AGENT");
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  return db.$transaction(async (tx) => {
    const f = await tx.finding.findUnique({
      where: { id: options.findingId },
      select: { id: true, rule: true, status: true, disputeId: true, invoiceId: true, customerId: true, currency: true, amountAtStakeMinor: true, summary: true, customer: { select: { email: true, preferredLocale: true } } },
    });
    if (!f) throw new NotFoundError("Finding not found");
    if (f.status !== "CONFIRMED") throw new ValidationError("audit.err.notConfirmed", { findingId: "audit.err.notConfirmed" });
    if (f.disputeId) return { disputeId: f.disputeId, created: false };
    if (!f.invoiceId || !f.customerId) throw new ValidationError("audit.err.noInvoice", { findingId: "audit.err.noInvoice" });
    const dispute = await tx.dispute.create({
      data: {
        customerId: f.customerId, invoiceId: f.invoiceId, origin: "AUDIT", reason: REASON[f.rule] ?? "OTHER",
        description: `Billing audit: ${f.summary}`, currency: f.currency ?? "usd", claimedMinor: f.amountAtStakeMinor,
        openedById: actor.id, ...initialDeadlines(now, policy),
      },
      select: { id: true, number: true },
    });
    // Only link if still unlinked: two clicks cannot open two disputes.
    const { count } = await tx.finding.updateMany({ where: { id: f.id, disputeId: null }, data: { disputeId: dispute.id } });
    if (count !== 1) throw new ValidationError("audit.err.conflict", { findingId: "audit.err.conflict" });
    await writeAudit(tx, { actor: auditActor(actor), action: "finding.open_dispute", entityType: "finding", entityId: f.id, after: { disputeId: dispute.id, number: dispute.number } });
    if (options.notifyCustomer && f.customer?.email) {
      const ref = `D-${String(dispute.number).padStart(6, "0")}`;
      await enqueueEmail(tx, {
        to: f.customer.email,
        locale: f.customer.preferredLocale?.startsWith("ru") ? "ru" : "en",
        template: "audit.error_found",
        subject: `We found a billing error on your account (${ref})`,
        text: `Our billing checks found an error on one of your invoices, before you had to tell us. We are correcting it and you will hear from us when the correction is issued. Reference: ${ref}.`,
        dedupeKey: `audit-finding-notice:${f.id}`,
      });
    }
    return { disputeId: dispute.id, created: true };
  });
}
