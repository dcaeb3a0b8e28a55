"use server";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { ValidationError } from "@/lib/errors";
import { text } from "@/lib/form-data";
import type { RecalcFormState } from "./form-state";
import { saveRecalculation } from "./save-recalculation";

// Server actions (lib/server-action.ts): the session actor goes to the use case, which checks
// the role and parses the draft with the editor's own schema (draft.ts).

/** The editor posts its draft as JSON; text that is not JSON is a stale or tampered form. */
const draftJson = text().transform((raw) => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError("desk.recalc.err.stale");
  }
});

export const saveRecalculationAction = action({
  name: "saveRecalculation",
  input: z.object({ disputeId: text(), draft: draftJson }),
  run: ({ db, actor, input }) => saveRecalculation(db, { actor, input }),
  revalidate: ({ disputeId }) => [`/desk/disputes/${disputeId}/recalculate`, `/desk/disputes/${disputeId}`],
  done: (saved): RecalcFormState => ({
    status: "ok",
    at: Date.now(),
    saved: { id: saved.id, outcome: saved.outcome, differenceMinor: saved.differenceMinor.toString(), currency: saved.currency },
  }),
});
