import type { MessageKey } from "@/lib/i18n";
import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { recalculate, recalculationRecord } from "@/features/billing-math";
import { writeAudit } from "@/features/audit-log/write-audit";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { isClosed } from "@/features/disputes/state-machine";
import { draftErrors, draftSchema, editsFromDraft } from "./draft";
import { loadRecalculationBase } from "./load-recalculation-base";
import { outcomeOf } from "./outcome";

/**
 * Saves a recalculation of a dispute's invoice: the staff member's draft is validated, turned
 * into edits, recomputed here (never trusted from the browser) against Stripe's stored figures,
 * and stored with its inputs and result, audited in the same transaction. Staff only.
 */
export async function saveRecalculation(db: Db, options: { actor: Actor; input: { disputeId: string; draft: unknown } }) {
  const actor = assertStaff(options.actor);
  const dispute = await db.dispute.findUnique({ where: { id: String(options.input.disputeId) }, select: { id: true, invoiceId: true, status: true } });
  if (!dispute) throw new NotFoundError("Dispute not found");
  if (isClosed(dispute.status)) throw new ValidationError("desk.recalc.err.closed", { form: "desk.recalc.err.closed" });
  const base = await loadRecalculationBase(db, { invoiceId: dispute.invoiceId });
  const parsed = draftSchema(base.invoice.currency).safeParse(options.input.draft);
  if (!parsed.success) throw new ValidationError("desk.recalc.err.form", draftErrors(parsed.error));
  const edits = editsFromDraft(parsed.data, base.input, base.tariff);
  if (!edits.ok) throw new ValidationError((edits.fields.form as MessageKey | undefined) ?? "desk.recalc.err.form", edits.fields);
  const result = recalculate(base.input, edits.edits, { originalResult: base.stored });
  const record = recalculationRecord(result);
  const outcome = outcomeOf(record.differenceMinor);
  const note = parsed.data.note || null;
  return db.$transaction(async (tx) => {
    const saved = await tx.recalculation.create({
      data: {
        invoiceId: dispute.invoiceId,
        disputeId: dispute.id,
        createdById: actor.id,
        currency: record.currency,
        inputs: { ...(record.inputs as object), tariffApplied: parsed.data.tariffApplied, note },
        result: record.result as object,
        originalTotal: record.originalTotal,
        recalculatedTotal: record.recalculatedTotal,
        differenceMinor: record.differenceMinor,
        outcome,
      },
      select: { id: true },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "recalculation.create",
      entityType: "recalculation",
      entityId: saved.id,
      after: {
        disputeId: dispute.id,
        invoiceId: dispute.invoiceId,
        edits: edits.edits.length,
        tariffApplied: parsed.data.tariffApplied,
        originalTotal: record.originalTotal,
        recalculatedTotal: record.recalculatedTotal,
        differenceMinor: record.differenceMinor,
        currency: record.currency,
        outcome,
      },
      reason: note,
    });
    return { id: saved.id, outcome, differenceMinor: record.differenceMinor, currency: record.currency };
  });
}
