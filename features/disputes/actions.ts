"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/features/auth/get-session-user";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { filesFromForm, isUnexpected, str, toFormState as classify, type FormState } from "./action-state";
import { assignDispute } from "./assign-dispute";
import { createCannedReply, deleteCannedReply, updateCannedReply } from "./canned-replies";
import { changeDisputeStatus } from "./change-dispute-status";
import { openDispute } from "./open-dispute";
import { postStaffMessage } from "./post-staff-message";
import { reopenDispute } from "./reopen-dispute";
import { replyToDispute } from "./reply-to-dispute";
import { resolveDispute } from "./resolve-dispute";
import { updateSlaPolicy } from "./get-sla-policy";

// Server actions: Next checks the Origin against the host (CSRF). Each one passes the session
// user to a feature function, which checks the role itself; nothing here trusts the form.

const ok = (): FormState => ({ status: "ok", at: Date.now() });

function toFormState(err: unknown, form: FormData): FormState {
  if (isUnexpected(err)) logger.error({ err }, "dispute action failed");
  return classify(err, form);
}

export async function openDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id: string;
  try {
    const actor = await getSessionUser();
    const lineIds = form.getAll("lineId").filter((v): v is string => typeof v === "string");
    const input = {
      invoiceId: str(form, "invoiceId"),
      reason: str(form, "reason"),
      description: str(form, "description"),
      lines: lineIds.map((lineId) => ({ lineId, expectedQuantity: str(form, `expectedQuantity:${lineId}`), expectedAmount: str(form, `expectedAmount:${lineId}`) })),
    };
    ({ id } = await openDispute(await getDb(), { actor, input, files: await filesFromForm(form) }));
  } catch (err) {
    return toFormState(err, form);
  }
  revalidatePath("/disputes");
  redirect(`/disputes/${id}`);
}

export async function replyToDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    await replyToDispute(await getDb(), { actor, input: { disputeId, body: str(form, "body") }, files: await filesFromForm(form) });
    revalidatePath(`/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function reopenDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    await reopenDispute(await getDb(), { actor, disputeId, reason: str(form, "reason") });
    revalidatePath(`/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function assignDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    const raw = str(form, "assigneeId");
    const assigneeId = raw === "me" ? (actor?.id ?? "") : raw || null;
    await assignDispute(await getDb(), { actor, input: { disputeId, assigneeId } });
    revalidatePath(`/desk/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function changeDisputeStatusAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    await changeDisputeStatus(await getDb(), { actor, input: { disputeId, status: str(form, "status"), reason: str(form, "reason") || undefined } });
    revalidatePath(`/desk/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function postStaffMessageAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    const internal = str(form, "visibility") === "internal";
    await postStaffMessage(await getDb(), { actor, input: { disputeId, body: str(form, "body"), internal }, files: await filesFromForm(form) });
    revalidatePath(`/desk/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function resolveDisputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const disputeId = str(form, "disputeId");
    await resolveDispute(await getDb(), {
      actor,
      input: { disputeId, outcome: str(form, "outcome"), rootCause: str(form, "rootCause"), note: str(form, "note"), creditNoteId: str(form, "creditNoteId") || undefined },
    });
    revalidatePath(`/desk/disputes/${disputeId}`);
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

const cannedInput = (form: FormData) => ({ reason: str(form, "reason"), locale: str(form, "locale"), title: str(form, "title"), body: str(form, "body") });

export async function saveCannedReplyAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const id = str(form, "id");
    const db = await getDb();
    if (id) await updateCannedReply(db, { actor, id, input: cannedInput(form) });
    else await createCannedReply(db, { actor, input: cannedInput(form) });
    revalidatePath("/desk/settings/canned-replies");
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

export async function deleteCannedReplyAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    await deleteCannedReply(await getDb(), { actor, id: str(form, "id") });
    revalidatePath("/desk/settings/canned-replies");
    return ok();
  } catch (err) {
    return toFormState(err, form);
  }
}

const minutesOf = (hhmm: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

export async function updateSlaPolicyAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await getSessionUser();
    const hours = (k: string) => Math.round(Number(str(form, k)) * 60);
    const policy = {
      timezone: str(form, "timezone").trim(),
      businessDays: form.getAll("businessDays").map((d) => Number(d)),
      startMinute: minutesOf(str(form, "start")),
      endMinute: str(form, "end") === "24:00" ? 1440 : minutesOf(str(form, "end")),
      firstResponseMinutes: hours("firstResponseHours"),
      resolutionMinutes: hours("resolutionHours"),
      dueSoonMinutes: Number(str(form, "dueSoonMinutes")),
      holidays: str(form, "holidays").split(/\s+/).filter(Boolean),
    };
    await updateSlaPolicy(await getDb(), { actor, policy });
    revalidatePath("/desk/settings/sla");
    return ok();
  } catch (err) {
    // The ticked days are several values of one name: kept as a list so the form can show them again.
    const state = toFormState(err, form);
    return { ...state, at: Date.now(), values: { ...state.values, businessDays: form.getAll("businessDays").join(",") } };
  }
}
