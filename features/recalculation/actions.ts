"use server";
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/features/auth/get-session-user";
import { isUnexpected, str, toFormState } from "@/features/disputes/action-state";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { RecalcFormState } from "./form-state";
import { saveRecalculation } from "./save-recalculation";

// Server actions: the session user goes to the feature function, which checks the role itself.

export async function saveRecalculationAction(_prev: RecalcFormState, form: FormData): Promise<RecalcFormState> {
  const disputeId = str(form, "disputeId");
  try {
    let draft: unknown;
    try {
      draft = JSON.parse(str(form, "draft"));
    } catch {
      return { status: "error", message: "desk.recalc.err.stale" };
    }
    const saved = await saveRecalculation(await getDb(), { actor: await getSessionUser(), input: { disputeId, draft } });
    revalidatePath(`/desk/disputes/${disputeId}/recalculate`);
    revalidatePath(`/desk/disputes/${disputeId}`);
    return { status: "ok", at: Date.now(), saved: { id: saved.id, outcome: saved.outcome, differenceMinor: saved.differenceMinor.toString(), currency: saved.currency } };
  } catch (err) {
    if (isUnexpected(err)) logger.error({ err }, "recalculation action failed");
    const state = toFormState(err);
    // Our own messages are desk.recalc.* keys; the shared classifier maps the rest.
    const own = err instanceof Error && err.message.startsWith("desk.recalc.") ? err.message : undefined;
    return { status: "error", message: own ?? state.message, fields: state.fields, retryAfter: state.retryAfter };
  }
}
