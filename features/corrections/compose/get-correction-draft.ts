import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { getStripe } from "@/lib/stripe";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { loadDraftContext } from "./load-draft-context";
import { parseSplit } from "./parse-split";
import { requiresApproval } from "../approval/requires-approval";
import { stripePreview } from "../preview/stripe-preview";
import type { LineMode, Split } from "../types";
import { validateSplit } from "./validate-split";

export type DraftOptions = { mode?: LineMode; split?: { refund: string; credit: string; outOfBand: string }; memo?: string; reason?: string };

/**
 * The "new correction" page for a recalculation: lines, our estimate, and Stripe's own preview
 * of exactly the credit note that would be sent. Without a split typed yet, a paid invoice's
 * post-payment part is proposed as balance credit.
 */
export async function getCorrectionDraft(db: Db, options: { actor: Actor; recalculationId: string; draft?: DraftOptions; stripe?: Stripe }) {
  assertStaff(options.actor);
  // The recalculation id comes from the query string: a malformed one is a 404 before any query.
  if (!isWellFormedId(options.recalculationId)) throw new NotFoundError("Recalculation not found");
  const mode = options.draft?.mode ?? "invoice_line";
  const ctx = await loadDraftContext(db, { recalculationId: options.recalculationId, mode });
  const currency = ctx.invoice.currency;
  const typed = options.draft?.split ? parseSplit(options.draft.split, currency) : null;
  const proposed: Split = { refund: 0n, credit: ctx.postPayment, outOfBand: 0n };
  const typedOk = !!typed && !Object.keys(typed.errors).length;
  const split: Split = typedOk ? typed!.split : proposed;
  const fieldErrors: Record<string, string> = { ...(typed?.errors ?? {}) };
  const reason = options.draft?.reason ?? ctx.defaultReason;
  // A split that does not add up still gets Stripe's preview of the note itself (with the
  // proposed split); the typed one is then checked against Stripe's figures.
  const previewSplit =
    typedOk && !Object.keys(validateSplit({ currency, total: ctx.estimate.total, prePayment: ctx.prePayment, split })).length ? split : proposed;
  const previewed = ctx.lines.length
    ? await stripePreview(
        options.stripe ?? getStripe(),
        {
          id: "preview",
          kind: "credit_note",
          amountMinor: ctx.estimate.total,
          refundMinor: previewSplit.refund,
          creditMinor: previewSplit.credit,
          outOfBandMinor: previewSplit.outOfBand,
          lines: ctx.lines,
          memo: options.draft?.memo || null,
          stripeReason: reason || null,
          chargeStripeId: null,
        },
        ctx.invoice.stripeId,
      )
    : null;
  const preview = previewed?.ok ? previewed.preview : null;
  const total = preview?.total ?? ctx.estimate.total;
  const prePayment = preview?.prePayment ?? ctx.prePayment;
  if (typedOk) Object.assign(fieldErrors, validateSplit({ currency, total, prePayment, split }));
  return {
    ...ctx,
    mode,
    split,
    splitTyped: !!typed,
    fieldErrors,
    preview,
    previewError: previewed && !previewed.ok ? previewed.message : null,
    total,
    prePayment,
    postPayment: total - prePayment,
    overLimit: total > ctx.remaining,
    needsApproval: requiresApproval({ amountMinor: total, currency, thresholds: ctx.thresholds }),
    reason,
  };
}
