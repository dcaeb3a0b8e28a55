"use server";
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/features/auth/get-session-user";
import { getDb } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { SyncFormState } from "./form-state";
import { requestResync } from "../resync/request-resync";
import { retryFailedEvent } from "./retry-failed-event";
import { startReconciliation } from "../reconciliation/start-reconciliation";

// Server actions of the sync desk pages. Each passes the session user to a feature function,
// which checks the role itself; nothing here trusts the form.

function toState(error: unknown): SyncFormState {
  if (error instanceof ValidationError && error.message.startsWith("desk.sync.")) return { status: "error", message: error.message };
  if (error instanceof UnauthenticatedError) return { status: "error", message: "disputes.err.signIn" };
  if (error instanceof ForbiddenError) return { status: "error", message: "disputes.err.forbidden" };
  if (error instanceof NotFoundError) return { status: "error", message: "disputes.err.notFound" };
  logger.error({ err: error }, "sync desk action failed");
  return { status: "error", message: "disputes.err.unexpected" };
}

const text = (form: FormData, key: string) => { const v = form.get(key); return typeof v === "string" ? v : ""; };

export async function retryFailedEventAction(_prev: SyncFormState, form: FormData): Promise<SyncFormState> {
  try {
    const actor = await getSessionUser();
    await retryFailedEvent(await getDb(), { actor, eventId: text(form, "eventId") });
  } catch (error) {
    return toState(error);
  }
  revalidatePath("/desk/sync");
  return { status: "ok", message: "desk.sync.retried", at: Date.now() };
}

export async function runReconciliationAction(_prev: SyncFormState, _form: FormData): Promise<SyncFormState> {
  let finished: boolean;
  try {
    const actor = await getSessionUser();
    ({ finished } = await startReconciliation(await getDb(), { actor }));
  } catch (error) {
    return toState(error);
  }
  revalidatePath("/desk/sync/reconciliation");
  revalidatePath("/desk/sync");
  return { status: "ok", message: finished ? "desk.sync.reconcileDone" : "desk.sync.reconcileStarted", at: Date.now() };
}

export async function startResyncAction(_prev: SyncFormState, _form: FormData): Promise<SyncFormState> {
  try {
    const actor = await getSessionUser();
    await requestResync(await getDb(), { actor });
  } catch (error) {
    return toState(error);
  }
  revalidatePath("/desk/sync");
  return { status: "ok", message: "desk.sync.resyncStarted", at: Date.now() };
}
