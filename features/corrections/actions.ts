"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { isAppError, ValidationError } from "@/lib/errors";
import { optionalText, text } from "@/lib/form-data";
import type { MessageKey } from "@/lib/i18n";
import { parseMoneyInput } from "@/lib/money";
import { addApprovalThreshold } from "./thresholds/add-approval-threshold";
import { createCorrection, StripeRefusedError } from "./compose/create-correction";
import { approveCorrection, rejectCorrection } from "./approval/decide-correction";
import { approveThresholdChange, rejectThresholdChange } from "./thresholds/decide-threshold-change";
import type { CorrectionFormState } from "./form-state";
import { issueCorrection } from "./issue/issue-correction";
import { removeApprovalThreshold } from "./thresholds/remove-approval-threshold";
import { submitCorrection } from "./approval/submit-correction";
import { updateApprovalThresholds } from "./thresholds/update-approval-thresholds";
import { voidCorrection } from "./issue/void-correction";

// Server actions (lib/server-action.ts): each passes the session actor to a use case, which
// checks the role (and the four-eyes rule) and validates the input; nothing here trusts the form.

/** Stripe's own words when Stripe refused a preview (shown as they are). */
const stripeDetail = (state: CorrectionFormState, error: unknown): CorrectionFormState =>
  error instanceof StripeRefusedError ? { ...state, detail: error.detail } : state;

const common = { keepValues: true, onError: stripeDetail } as const;
const ok = (): CorrectionFormState => ({ status: "ok", at: Date.now() });
const correctionPath = (input: { correctionId: string }) => [`/desk/corrections/${input.correctionId}`];

/** Issue right away when allowed; a refusal or a Stripe error shows on the correction's page instead. */
const issueIfAllowed = (...args: Parameters<typeof issueCorrection>) =>
  issueCorrection(...args).catch((err) => {
    if (!isAppError(err)) throw err;
  });

/** The new-correction form: a refund of a duplicate charge, or a credit note from a saved recalculation. */
const correctionForm = z
  .object({
    kind: text(),
    memo: text(),
    rootCause: text(),
    disputeId: text(),
    chargeStripeId: text(),
    amount: text(),
    override: text(),
    overrideReason: text(),
    recalculationId: text(),
    mode: text(),
    reason: text(),
    refund: text(),
    credit: text(),
    outOfBand: text(),
  })
  .transform((f): Parameters<typeof createCorrection>[1]["input"] => {
    const shared = { memo: f.memo, rootCause: f.rootCause } as Parameters<typeof createCorrection>[1]["input"];
    return f.kind === "refund"
      ? ({
          ...shared,
          kind: "refund",
          disputeId: f.disputeId,
          chargeStripeId: f.chargeStripeId,
          amount: f.amount,
          override: f.override,
          overrideReason: f.overrideReason,
        } as typeof shared)
      : ({
          ...shared,
          kind: "credit_note",
          recalculationId: f.recalculationId,
          mode: f.mode || "invoice_line",
          reason: f.reason,
          refund: f.refund,
          credit: f.credit,
          outOfBand: f.outOfBand,
        } as typeof shared);
  });

/** Creates the correction, submits it (approval or not), and issues it when no approval is needed. */
export const createCorrectionAction = action({
  name: "createCorrection",
  input: correctionForm,
  run: async ({ db, actor, input }) => {
    const { id } = await createCorrection(db, { actor, input });
    const { status } = await submitCorrection(db, { actor, correctionId: id });
    if (status === "APPROVED") await issueIfAllowed(db, { actor, correctionId: id });
    return { id };
  },
  revalidate: () => ["/desk/approvals"],
  done: ({ id }): CorrectionFormState => redirect(`/desk/corrections/${id}`),
  ...common,
});

const decision = z.object({ correctionId: text(), reason: text() });
const decisionPaths = (input: { correctionId: string }) => [`/desk/corrections/${input.correctionId}`, "/desk/approvals"];

export const approveCorrectionAction = action({
  name: "approveCorrection",
  input: decision,
  run: async ({ db, actor, input }) => {
    await approveCorrection(db, { actor, input });
    await issueIfAllowed(db, { actor, correctionId: input.correctionId });
  },
  revalidate: decisionPaths,
  done: ok,
  ...common,
});

export const rejectCorrectionAction = action({
  name: "rejectCorrection",
  input: decision,
  run: ({ db, actor, input }) => rejectCorrection(db, { actor, input }),
  revalidate: decisionPaths,
  done: ok,
  ...common,
});

export const retryCorrectionAction = action({
  name: "retryCorrection",
  input: z.object({ correctionId: text() }),
  run: ({ db, actor, input }) => issueCorrection(db, { actor, correctionId: input.correctionId }),
  revalidate: correctionPath,
  done: (r): CorrectionFormState => (r.status === "FAILED" ? { status: "error", message: "desk.corrections.err.stripe", detail: r.error } : ok()),
  ...common,
});

export const voidCorrectionAction = action({
  name: "voidCorrection",
  input: decision,
  run: ({ db, actor, input }) => voidCorrection(db, { actor, input }),
  revalidate: correctionPath,
  done: ok,
  ...common,
});

/** A threshold change that loosened a currency was saved as a request: say so instead of "saved". */
const thresholdSaved = (result: unknown): CorrectionFormState => {
  const held = result && typeof result === "object" && "held" in result && Array.isArray(result.held) && result.held.length > 0;
  return { ...ok(), ...(held ? { message: "desk.corrections.thresholdHeld" } : {}) };
};

/** Thresholds typed in major units per currency (`t:<currency>` = "500.00"), stored in minor units. */
const thresholdsForm = z.looseObject({ reason: optionalText() }).transform((f) => {
  const thresholds: Record<string, string> = {};
  const errors: Record<string, MessageKey> = {};
  for (const [k, vs] of Object.entries(f)) {
    const v = Array.isArray(vs) ? vs[vs.length - 1] : undefined;
    if (!k.startsWith("t:") || typeof v !== "string" || !v.trim()) continue;
    const currency = k.slice(2);
    const parsed = /^[a-z]{3}$/.test(currency) ? parseMoneyInput(v, currency, { allowZero: true }) : null;
    if (parsed?.ok) thresholds[currency] = parsed.amount.toString();
    else errors[currency] = parsed ? (`desk.corrections.err.amount_${parsed.error}` as MessageKey) : "desk.corrections.err.currency";
  }
  return { thresholds, errors, reason: f.reason };
});

export const updateThresholdsAction = action({
  name: "updateThresholds",
  input: thresholdsForm,
  run: ({ db, actor, input: { thresholds, errors, reason } }) => {
    if (Object.keys(errors).length) throw new ValidationError("desk.corrections.err.form", errors);
    return updateApprovalThresholds(db, { actor, thresholds, reason });
  },
  revalidate: () => ["/desk/approvals"],
  done: thresholdSaved,
  ...common,
});

/** A threshold for a currency that has none; the use case checks the role and parses the amount. */
export const addThresholdAction = action({
  name: "addThreshold",
  input: z.object({ currency: text(), amount: text(), reason: optionalText() }),
  run: ({ db, actor, input }) => addApprovalThreshold(db, { actor, input }),
  revalidate: () => ["/desk/approvals"],
  done: thresholdSaved,
  ...common,
});

export const removeThresholdAction = action({
  name: "removeThreshold",
  input: z.object({ currency: text(), reason: optionalText() }),
  run: ({ db, actor, input }) => removeApprovalThreshold(db, { actor, input }),
  revalidate: () => ["/desk/approvals"],
  done: thresholdSaved,
  ...common,
});

/** A second lead or an admin approves a threshold raise, or anyone with the role rejects it (the requester withdraws it). */
export const decideThresholdChangeAction = action({
  name: "decideThresholdChange",
  input: z.object({ changeId: text(), reason: text(), decision: text() }),
  run: ({ db, actor, input: { decision, ...input } }) => (decision === "approve" ? approveThresholdChange : rejectThresholdChange)(db, { actor, input }),
  revalidate: () => ["/desk/approvals"],
  done: thresholdSaved,
  ...common,
});
