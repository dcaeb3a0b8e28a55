import "server-only";
import type { Correction, Prisma } from "@prisma/client";
import { writeAudit } from "@/features/audit-log/write-audit";
import { markFindingsCorrected } from "@/features/billing-audit/mark-findings-corrected";
import { applyResolution } from "@/features/disputes/apply-resolution";
import { lockDispute } from "@/features/disputes/lock-dispute";
import { notifyCustomer } from "@/features/disputes/notify";
import { isClosed } from "@/features/disputes/state-machine";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/index";
import { correctionNote } from "./correction-note";
import { defaultRootCause } from "../compose/default-root-cause";

export const SYSTEM_ACTOR = { id: null, label: "system:corrections" } as const;

/**
 * Stripe confirmed the correction (its credit note or refund exists and is synced): ISSUED,
 * then its dispute is resolved with the correction's root cause, the timeline gets a
 * CORRECTION entry linking the credit note, and the customer is emailed through the outbox.
 * The caller holds the correction's row lock. Returns false when there was nothing to do.
 */
export async function applyConfirmation(
  tx: Prisma.TransactionClient,
  options: { correction: Correction; stripeId: string; creditNote: { id: string; number: string | null; total: bigint; currency: string } | null; now?: Date },
): Promise<boolean> {
  const { correction: c, creditNote } = options;
  if (c.status === "ISSUED" || c.status === "VOIDED" || c.status === "REJECTED") return false;
  const now = options.now ?? new Date();
  const stripeField = c.kind === "refund" ? { stripeRefundId: options.stripeId } : { stripeCreditNoteId: options.stripeId };
  await tx.correction.update({ where: { id: c.id }, data: { status: "ISSUED", issuedAt: now, lastError: null, ...stripeField, version: { increment: 1 } } });
  await writeAudit(tx, {
    actor: SYSTEM_ACTOR,
    action: "correction.issue",
    entityType: "correction",
    entityId: c.id,
    before: { status: c.status },
    after: { status: "ISSUED", ...stripeField },
  });
  // The findings this correction fixes close with it (a refunded duplicate is no longer "at stake").
  await markFindingsCorrected(tx, c);
  if (!c.disputeId) return true;

  const d = await lockDispute(tx, c.disputeId);
  const amount = creditNote?.total ?? c.amountMinor;
  const currency = creditNote?.currency ?? c.currency;
  await tx.disputeMessage.create({
    data: {
      disputeId: d.id,
      authorId: null,
      kind: "CORRECTION",
      visibility: "PUBLIC",
      body: "",
      createdAt: now,
      meta: {
        correctionId: c.id,
        kind: c.kind,
        amount: amount.toString(),
        currency,
        stripeId: options.stripeId,
        ...(creditNote ? { creditNoteId: creditNote.id } : {}),
      },
    },
  });
  // Staff's memo is shown as written; without one the timeline's own correction entry says what
  // happened, and the email says it in each recipient's language.
  const note = c.memo?.trim() ?? "";
  const emailNote = (locale: Locale) =>
    correctionNote(locale, { creditNoteNumber: creditNote ? (creditNote.number ?? options.stripeId) : null, amount, currency });
  if (!isClosed(d.status)) {
    await applyResolution(tx, {
      actor: SYSTEM_ACTOR,
      authorId: null,
      dispute: d,
      outcome: "RESOLVED",
      rootCause: c.rootCause ?? defaultRootCause(d.reason),
      note,
      emailNote,
      creditNoteId: creditNote?.id,
      now,
      meta: { correctionId: c.id },
    });
  } else {
    // Already closed by hand: the customer still hears about the money.
    const creditNoteUrl = creditNote ? new URL(`/credit-notes/${creditNote.id}`, env().NEXTAUTH_URL).toString() : undefined;
    await notifyCustomer(
      tx,
      d,
      "resolution",
      (locale) => ({ outcome: locale === "ru" ? "решён" : "resolved", note: note || emailNote(locale), creditNoteUrl }),
      `correction:${c.id}:issued`,
    );
  }
  return true;
}
