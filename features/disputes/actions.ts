"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { files, optionalText, text, textOf, texts, type FormEntries } from "@/lib/form-data";
import type { FormState } from "@/lib/form-state";
import { assignDispute } from "./assign-dispute";
import { readUploads } from "./attachments";
import { createCannedReply, deleteCannedReply, updateCannedReply } from "./canned-replies";
import { changeDisputeStatus } from "./change-dispute-status";
import { updateSlaPolicy } from "./get-sla-policy";
import { openDispute } from "./open-dispute";
import { postStaffMessage } from "./post-staff-message";
import { reopenDispute } from "./reopen-dispute";
import { replyToDispute } from "./reply-to-dispute";
import { resolveDispute } from "./resolve-dispute";

// Server actions (lib/server-action.ts): Next checks the Origin against the host (CSRF). Each
// reads its form through a schema and passes the session actor to a use case, which checks the
// role and validates the input itself; nothing here trusts the form.

const disputePath = (input: { disputeId: string }) => [`/disputes/${input.disputeId}`];
const deskDisputePath = (input: { disputeId: string }) => [`/desk/disputes/${input.disputeId}`];

export const openDisputeAction = action({
  name: "openDispute",
  input: z.looseObject({ invoiceId: text(), reason: text(), description: text(), lineId: texts(), files: files() }).transform((f) => ({
    input: {
      invoiceId: f.invoiceId,
      reason: f.reason,
      description: f.description,
      lines: f.lineId.map((lineId) => ({
        lineId,
        expectedQuantity: textOf(f as unknown as FormEntries, `expectedQuantity:${lineId}`),
        expectedAmount: textOf(f as unknown as FormEntries, `expectedAmount:${lineId}`),
      })),
    },
    files: f.files,
  })),
  run: async ({ db, actor, input }) => openDispute(db, { actor, input: input.input, files: await readUploads(input.files) }),
  revalidate: () => ["/disputes"],
  keepValues: true,
  done: ({ id }): FormState => redirect(`/disputes/${id}`),
});

export const replyToDisputeAction = action({
  name: "replyToDispute",
  input: z.object({ disputeId: text(), body: text(), files: files() }),
  run: async ({ db, actor, input: { files, ...input } }) => replyToDispute(db, { actor, input, files: await readUploads(files) }),
  revalidate: disputePath,
  keepValues: true,
});

export const reopenDisputeAction = action({
  name: "reopenDispute",
  input: z.object({ disputeId: text(), reason: text() }),
  run: ({ db, actor, input }) => reopenDispute(db, { actor, ...input }),
  revalidate: disputePath,
  keepValues: true,
});

export const assignDisputeAction = action({
  name: "assignDispute",
  input: z.object({ disputeId: text(), assigneeId: text() }),
  // "me" is the acting person; an empty choice unassigns.
  run: ({ db, actor, input }) =>
    assignDispute(db, { actor, input: { disputeId: input.disputeId, assigneeId: input.assigneeId === "me" ? (actor?.id ?? "") : input.assigneeId || null } }),
  revalidate: deskDisputePath,
  keepValues: true,
});

export const changeDisputeStatusAction = action({
  name: "changeDisputeStatus",
  input: z.object({ disputeId: text(), status: text(), reason: optionalText() }),
  run: ({ db, actor, input }) => changeDisputeStatus(db, { actor, input }),
  revalidate: deskDisputePath,
  keepValues: true,
});

export const postStaffMessageAction = action({
  name: "postStaffMessage",
  input: z.object({ disputeId: text(), body: text(), visibility: text(), files: files() }),
  run: async ({ db, actor, input }) =>
    postStaffMessage(db, {
      actor,
      input: { disputeId: input.disputeId, body: input.body, internal: input.visibility === "internal" },
      files: await readUploads(input.files),
    }),
  revalidate: deskDisputePath,
  keepValues: true,
});

export const resolveDisputeAction = action({
  name: "resolveDispute",
  input: z.object({ disputeId: text(), outcome: text(), rootCause: text(), note: text(), creditNoteId: optionalText() }),
  run: ({ db, actor, input }) => resolveDispute(db, { actor, input }),
  revalidate: deskDisputePath,
  keepValues: true,
});

const cannedReply = { reason: text(), locale: text(), title: text(), body: text() };

export const saveCannedReplyAction = action({
  name: "saveCannedReply",
  input: z.object({ id: text(), ...cannedReply }),
  run: ({ db, actor, input: { id, ...input } }) => (id ? updateCannedReply(db, { actor, id, input }) : createCannedReply(db, { actor, input })),
  revalidate: () => ["/desk/settings/canned-replies"],
  keepValues: true,
});

export const deleteCannedReplyAction = action({
  name: "deleteCannedReply",
  input: z.object({ id: text() }),
  run: ({ db, actor, input }) => deleteCannedReply(db, { actor, id: input.id }),
  revalidate: () => ["/desk/settings/canned-replies"],
  keepValues: true,
});

const minutesOf = (hhmm: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};
const hoursToMinutes = (hours: string) => Math.round(Number(hours) * 60);

/** The SLA form: times of day as HH:MM ("24:00" ends at midnight), durations in hours, holidays whitespace-separated. */
const slaPolicyForm = z
  .object({
    timezone: text(),
    businessDays: texts(),
    start: text(),
    end: text(),
    firstResponseHours: text(),
    resolutionHours: text(),
    dueSoonMinutes: text(),
    holidays: text(),
  })
  .transform((f) => ({
    timezone: f.timezone.trim(),
    businessDays: f.businessDays.map((d) => Number(d)),
    startMinute: minutesOf(f.start),
    endMinute: f.end === "24:00" ? 1440 : minutesOf(f.end),
    firstResponseMinutes: hoursToMinutes(f.firstResponseHours),
    resolutionMinutes: hoursToMinutes(f.resolutionHours),
    dueSoonMinutes: Number(f.dueSoonMinutes),
    holidays: f.holidays.split(/\s+/).filter(Boolean),
  }));

export const updateSlaPolicyAction = action({
  name: "updateSlaPolicy",
  input: slaPolicyForm,
  run: ({ db, actor, input }) => updateSlaPolicy(db, { actor, policy: input }),
  revalidate: () => ["/desk/settings/sla"],
  keepValues: true,
  // The ticked days are several values of one name: kept as a list so the form can show them again.
  onError: (state, _error, form) => ({ ...state, at: Date.now(), values: { ...state.values, businessDays: form.getAll("businessDays").join(",") } }),
});
