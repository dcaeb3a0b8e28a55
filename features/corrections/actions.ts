"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/features/auth/get-session-user";
import { formValues, str } from "@/features/disputes/action-state";
import { getDb } from "@/lib/db";
import { ForbiddenError, isAppError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { parseMoneyInput } from "@/lib/money";
import { addApprovalThreshold } from "./add-approval-threshold";
import { approveCorrection, rejectCorrection } from "./decide-correction";
import { approveThresholdChange, rejectThresholdChange } from "./decide-threshold-change";
import { createCorrection, StripeRefusedError } from "./create-correction";
import type { CorrectionFormState } from "./form-state";
import { issueCorrection } from "./issue-correction";
import { removeApprovalThreshold } from "./remove-approval-threshold";
import { submitCorrection } from "./submit-correction";
import { updateApprovalThresholds } from "./update-approval-thresholds";
import { voidCorrection } from "./void-correction";

// Server actions: each passes the session user to a feature function, which checks the role
// itself (and the four-eyes rule); nothing here trusts the form.

function toState(err: unknown, form: FormData): CorrectionFormState {
  const values = formValues(form);
  if (err instanceof StripeRefusedError) return { status: "error", message: err.message, fields: err.fields, detail: err.detail, values };
  if (err instanceof ValidationError) return { status: "error", message: err.message.startsWith("desk.") ? err.message : "desk.corrections.err.form", fields: err.fields, values };
  if (err instanceof ForbiddenError) return { status: "error", message: err.message.startsWith("desk.") ? err.message : "disputes.err.forbidden", values };
  if (err instanceof UnauthenticatedError) return { status: "error", message: "disputes.err.signIn", values };
  if (err instanceof NotFoundError) return { status: "error", message: "disputes.err.notFound", values };
  if (!isAppError(err)) logger.error({ err }, "correction action failed");
  return { status: "error", message: "disputes.err.unexpected", values };
}

/** Runs a desk step with the session user and the database; its error becomes the form's state. */
async function perform(form: FormData, work: (db: Awaited<ReturnType<typeof getDb>>, actor: Awaited<ReturnType<typeof getSessionUser>>) => Promise<unknown>, revalidate: string[]): Promise<CorrectionFormState> {
  let result: unknown;
  try {
    result = await work(await getDb(), await getSessionUser());
  } catch (err) {
    return toState(err, form);
  }
  for (const path of revalidate) revalidatePath(path);
  // A threshold change that loosened a currency was saved as a request: say so instead of "saved".
  const held = result && typeof result === "object" && "held" in result && Array.isArray(result.held) && result.held.length > 0;
  return { status: "ok", at: Date.now(), ...(held ? { message: "desk.corrections.thresholdHeld" } : {}) };
}

/** Creates the correction, submits it (approval or not), and issues it when no approval is needed. */
export async function createCorrectionAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  let id: string;
  try {
    const actor = await getSessionUser();
    const db = await getDb();
    const kind = str(form, "kind");
    const common = { memo: str(form, "memo"), rootCause: str(form, "rootCause") };
    const input = kind === "refund"
      ? { kind: "refund" as const, disputeId: str(form, "disputeId"), chargeStripeId: str(form, "chargeStripeId"), amount: str(form, "amount"), override: str(form, "override"), overrideReason: str(form, "overrideReason"), ...common }
      : { kind: "credit_note" as const, recalculationId: str(form, "recalculationId"), mode: str(form, "mode") || "invoice_line", reason: str(form, "reason"), refund: str(form, "refund"), credit: str(form, "credit"), outOfBand: str(form, "outOfBand"), ...common };
    ({ id } = await createCorrection(db, { actor, input: input as Parameters<typeof createCorrection>[1]["input"] }));
    const { status } = await submitCorrection(db, { actor, correctionId: id });
    // Issue right away below the threshold; a refusal or a Stripe error shows on the correction's page.
    if (status === "APPROVED") await issueCorrection(db, { actor, correctionId: id }).catch((err) => { if (!isAppError(err)) throw err; });
  } catch (err) {
    return toState(err, form);
  }
  revalidatePath("/desk/approvals");
  redirect(`/desk/corrections/${id}`);
}

async function decide(form: FormData, fn: typeof approveCorrection | typeof rejectCorrection, issue: boolean): Promise<CorrectionFormState> {
  const correctionId = str(form, "correctionId");
  return perform(form, async (db, actor) => {
    await fn(db, { actor, input: { correctionId, reason: str(form, "reason") } });
    if (issue) await issueCorrection(db, { actor, correctionId }).catch((err) => { if (!isAppError(err)) throw err; });
  }, [`/desk/corrections/${correctionId}`, "/desk/approvals"]);
}

export async function approveCorrectionAction(_prev: CorrectionFormState, form: FormData) {
  return decide(form, approveCorrection, true);
}

export async function rejectCorrectionAction(_prev: CorrectionFormState, form: FormData) {
  return decide(form, rejectCorrection, false);
}

export async function retryCorrectionAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const correctionId = str(form, "correctionId");
  try {
    const r = await issueCorrection(await getDb(), { actor: await getSessionUser(), correctionId });
    revalidatePath(`/desk/corrections/${correctionId}`);
    if (r.status === "FAILED") return { status: "error", message: "desk.corrections.err.stripe", detail: r.error };
    return { status: "ok", at: Date.now() };
  } catch (err) {
    return toState(err, form);
  }
}

export async function voidCorrectionAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const correctionId = str(form, "correctionId");
  return perform(form, (db, actor) => voidCorrection(db, { actor, input: { correctionId, reason: str(form, "reason") } }), [`/desk/corrections/${correctionId}`]);
}

export async function updateThresholdsAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  return perform(form, async (db, actor) => {
    // Typed in major units per currency ("500.00"); stored in minor units.
    const thresholds: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const [k, v] of form.entries()) {
      if (!k.startsWith("t:") || typeof v !== "string" || !v.trim()) continue;
      const currency = k.slice(2);
      const parsed = /^[a-z]{3}$/.test(currency) ? parseMoneyInput(v, currency, { allowZero: true }) : null;
      if (parsed?.ok) thresholds[currency] = parsed.amount.toString();
      else errors[currency] = parsed ? `desk.corrections.err.amount_${parsed.error}` : "desk.corrections.err.currency";
    }
    if (Object.keys(errors).length) throw new ValidationError("desk.corrections.err.form", errors);
    return updateApprovalThresholds(db, { actor, thresholds, reason: str(form, "reason") || undefined });
  }, ["/desk/approvals"]);
}

/** A threshold for a currency that has none; the feature function checks the role and parses the amount. */
export async function addThresholdAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const input = { currency: str(form, "currency"), amount: str(form, "amount"), reason: str(form, "reason") || undefined };
  return perform(form, (db, actor) => addApprovalThreshold(db, { actor, input }), ["/desk/approvals"]);
}

export async function removeThresholdAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const input = { currency: str(form, "currency"), reason: str(form, "reason") || undefined };
  return perform(form, (db, actor) => removeApprovalThreshold(db, { actor, input }), ["/desk/approvals"]);
}

/** A second lead or an admin approves a threshold raise, or anyone with the role rejects it (the requester withdraws it). */
export async function decideThresholdChangeAction(_prev: CorrectionFormState, form: FormData): Promise<CorrectionFormState> {
  const input = { changeId: str(form, "changeId"), reason: str(form, "reason") };
  const decide = str(form, "decision") === "approve" ? approveThresholdChange : rejectThresholdChange;
  return perform(form, (db, actor) => decide(db, { actor, input }), ["/desk/approvals"]);
}
