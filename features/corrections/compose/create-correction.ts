import type { MessageKey } from "@/lib/i18n/index";
import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe";
import { writeAudit } from "@/features/audit-log/write-audit";
import { linkFindingToDispute } from "@/features/billing-audit/link-finding-to-dispute";
import { assertStaff, auditActor, type Actor } from "@/features/auth/actor";
import { isClosed } from "@/features/disputes/state-machine";
import { checkRefund } from "../limits/check-refund";
import { correctionIdempotencyKey } from "../issue/idempotency-key";
import { loadDraftContext } from "./load-draft-context";
import { loadChargeRole } from "../limits/load-charge-role";
import { loadRefundFacts } from "../limits/load-refund-facts";
import { checkRefundOverride, needsRefundOverride } from "../limits/refund-guard";
import { parseSplit } from "./parse-split";
import { createCorrectionSchema, fieldErrors, keyedIssues, type CreateCorrectionInput } from "../schemas";
import { stripePreview } from "../preview/stripe-preview";
import { validateSplit } from "./validate-split";

/** Thrown when Stripe's preview refuses the credit note: `detail` is Stripe's own message. */
export class StripeRefusedError extends ValidationError {
  constructor(public readonly detail: string) {
    super("desk.corrections.err.stripe", { form: "desk.corrections.err.stripe" });
  }
}

/**
 * A DRAFT correction: from a saved recalculation (a credit note whose total is Stripe's own
 * preview, split exactly for the post-payment part), or refund-only for a duplicate charge.
 * The limits are checked here for the person's sake and again, under the invoice lock, on issue.
 */
export async function createCorrection(db: Db, options: { actor: Actor; input: CreateCorrectionInput; stripe?: Stripe }): Promise<{ id: string }> {
  const actor = assertStaff(options.actor);
  const parsed = createCorrectionSchema.safeParse(options.input, keyedIssues);
  if (!parsed.success) throw new ValidationError("desk.corrections.err.form", fieldErrors(parsed.error));
  const input = parsed.data;
  const id = `corr_${randomUUID().replace(/-/g, "")}`;

  if (input.kind === "refund") {
    // The same facts and rules as the refund preview (previewRefund), so the two cannot disagree.
    const [{ dispute, charge, facts }, role] = await Promise.all([
      loadRefundFacts(db, { disputeId: input.disputeId, chargeStripeId: input.chargeStripeId }),
      loadChargeRole(db, input.chargeStripeId),
    ]);
    const check = checkRefund(facts, input.amount);
    const override = { confirmed: input.override === "on", reason: input.overrideReason };
    const errors = { ...checkRefundOverride(role, override), ...check.errors };
    if (Object.keys(errors).length || !charge || check.amount === null)
      throw new ValidationError((errors.form as MessageKey | undefined) ?? "desk.corrections.err.form", errors);
    const amountMinor = check.amount;
    const overridden = needsRefundOverride(role);
    return db.$transaction(async (tx) => {
      await tx.correction.create({
        data: {
          id,
          invoiceId: dispute.invoiceId,
          disputeId: dispute.id,
          findingId: role.duplicateFindingId,
          kind: "refund",
          currency: charge.currency,
          amountMinor,
          refundMinor: amountMinor,
          lines: [],
          memo: input.memo || null,
          stripeReason: overridden ? "requested_by_customer" : "duplicate",
          rootCause: input.rootCause,
          chargeStripeId: input.chargeStripeId,
          idempotencyKey: correctionIdempotencyKey(id),
          requestedById: actor.id,
        },
      });
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "correction.create",
        entityType: "correction",
        entityId: id,
        after: {
          kind: "refund",
          disputeId: dispute.id,
          chargeStripeId: input.chargeStripeId,
          amountMinor,
          currency: charge.currency,
          findingId: role.duplicateFindingId,
        },
      });
      // Refunding the only payment of a paid invoice: who decided it and why stays on record.
      if (overridden) {
        await writeAudit(tx, {
          actor: auditActor(actor),
          action: "correction.refund_override",
          entityType: "correction",
          entityId: id,
          after: { chargeStripeId: input.chargeStripeId, solePaymentOf: role.solePaymentOf, amountMinor, currency: charge.currency },
          reason: override.reason.trim(),
        });
      }
      // The detected duplicate and this dispute now point at each other (the finding page links the dispute).
      if (role.duplicateFindingId) await linkFindingToDispute(tx, { findingId: role.duplicateFindingId, disputeId: dispute.id, actor: auditActor(actor) });
      return { id };
    });
  }

  const ctx = await loadDraftContext(db, { recalculationId: input.recalculationId, mode: input.mode });
  if (isClosed(ctx.dispute.status)) throw new ValidationError("desk.corrections.err.disputeClosed", { form: "desk.corrections.err.disputeClosed" });
  if (!ctx.lines.length) throw new ValidationError("desk.corrections.err.noLines", { form: "desk.corrections.err.noLines" });
  const currency = ctx.invoice.currency;
  const { split, errors } = parseSplit(input, currency);
  if (Object.keys(errors).length) throw new ValidationError("desk.corrections.err.form", errors);
  const draft = {
    id,
    kind: "credit_note",
    amountMinor: ctx.estimate.total,
    refundMinor: split.refund,
    creditMinor: split.credit,
    outOfBandMinor: split.outOfBand,
    lines: ctx.lines,
    memo: input.memo || null,
    stripeReason: input.reason || null,
    chargeStripeId: null,
  };
  // The split is checked against our estimate first (field errors in plain words), then Stripe
  // previews exactly this request and its total is what the correction records.
  // (A sum that misses only our estimate still goes to Stripe: its total is the one that counts.)
  const early = validateSplit({ currency, total: ctx.estimate.total, prePayment: ctx.prePayment, split });
  if (Object.keys(early).some((k) => k !== "split")) throw new ValidationError("desk.corrections.err.form", early);
  const previewed = await stripePreview(options.stripe ?? getStripe(), draft, ctx.invoice.stripeId);
  if (!previewed.ok) {
    if (early.split) throw new ValidationError("desk.corrections.err.form", early);
    throw new StripeRefusedError(previewed.message);
  }
  const p = previewed.preview;
  const exact = validateSplit({ currency, total: p.total, prePayment: p.prePayment, split });
  if (Object.keys(exact).length) throw new ValidationError("desk.corrections.err.form", exact);
  if (p.total > ctx.remaining) throw new ValidationError("desk.corrections.err.overLimit", { form: "desk.corrections.err.overLimit" });
  if (split.refund > 0n && ctx.openChargeback) throw new ValidationError("desk.corrections.err.form", { refund: "desk.corrections.err.chargeback" });
  return db.$transaction(async (tx) => {
    await tx.correction.create({
      data: {
        id,
        invoiceId: ctx.invoice.id,
        disputeId: ctx.dispute.id,
        recalculationId: ctx.recalculation.id,
        kind: "credit_note",
        currency,
        amountMinor: p.total,
        refundMinor: split.refund,
        creditMinor: split.credit,
        outOfBandMinor: split.outOfBand,
        lines: ctx.lines,
        memo: draft.memo,
        stripeReason: draft.stripeReason,
        rootCause: input.rootCause,
        idempotencyKey: correctionIdempotencyKey(id),
        requestedById: actor.id,
      },
    });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "correction.create",
      entityType: "correction",
      entityId: id,
      after: {
        kind: "credit_note",
        recalculationId: ctx.recalculation.id,
        disputeId: ctx.dispute.id,
        amountMinor: p.total,
        currency,
        split,
        lines: ctx.lines.length,
      },
    });
    return { id };
  });
}
