"use server";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { checkbox, optionalText, text, textOf, type FormEntries } from "@/lib/form-data";
import { changeFindingStatus } from "./change-finding-status";
import { createTariff } from "./create-tariff";
import { openDisputeFromFinding } from "./open-dispute-from-finding";
import { retireTariff } from "./retire-tariff";
import { MAX_TIERS } from "./tariff-schema";

// Server actions for the desk's finding and tariff pages (lib/server-action.ts). Each passes the
// session actor to a use case, which checks the role and validates the input itself.

const findingPath = (input: { findingId: string }) => [`/desk/findings/${input.findingId}`];
const tariffsPath = (input: { customerId: string }) => [`/desk/customers/${input.customerId}/tariffs`];

/** One form, three decisions: a dismissal needs a reason, the others take an optional note. */
const findingDecision = z
  .object({ findingId: text(), status: text(), reason: text(), note: optionalText() })
  .transform((f) =>
    f.status === "DISMISSED"
      ? { findingId: f.findingId, status: "DISMISSED" as const, reason: f.reason }
      : f.status === "CORRECTED"
        ? { findingId: f.findingId, status: "CORRECTED" as const, note: f.note }
        : { findingId: f.findingId, status: "CONFIRMED" as const, note: f.note },
  );

export const decideFindingAction = action({
  name: "decideFinding",
  input: findingDecision,
  run: ({ db, actor, input }) => changeFindingStatus(db, { actor, input }),
  revalidate: findingPath,
});

export const openFindingDisputeAction = action({
  name: "openFindingDispute",
  input: z.object({ findingId: text(), notify: checkbox() }),
  run: ({ db, actor, input }) => openDisputeFromFinding(db, { actor, findingId: input.findingId, notifyCustomer: input.notify }),
  revalidate: findingPath,
});

const tariffForm = z.object({
  customerId: text(),
  priceId: text(),
  unitAmount: text(),
  tiersMode: text(),
  quantity: text(),
  validFrom: text(),
  validTo: text(),
  reason: text(),
});

/** The form's tier rows (`tiers.<n>.upTo|unitAmount|flatAmount`, named as their field errors are), in order. */
function tierRows(entries: FormEntries) {
  const rows: { upTo: string; unitAmount: string; flatAmount: string }[] = [];
  const cell = (i: number, f: string) => textOf(entries, `tiers.${i}.${f}`);
  for (let i = 0; i <= MAX_TIERS && ["upTo", "unitAmount", "flatAmount"].some((f) => `tiers.${i}.${f}` in entries); i++)
    rows.push({ upTo: cell(i, "upTo"), unitAmount: cell(i, "unitAmount"), flatAmount: cell(i, "flatAmount") });
  return rows;
}

export const createTariffAction = action({
  name: "createTariff",
  input: z
    .custom<FormEntries>((v) => typeof v === "object" && v !== null)
    .transform((entries) => {
      const f = tariffForm.parse(entries);
      // Always passed: tiers typed without a tiered mode are an error, not silently ignored.
      return { ...f, validTo: f.validTo || null, tiers: tierRows(entries) };
    }),
  run: ({ db, actor, input }) => createTariff(db, { actor, input }),
  revalidate: tariffsPath,
  keepValues: true,
  onError: (state) => ({ ...state, at: Date.now() }),
});

export const retireTariffAction = action({
  name: "retireTariff",
  input: z.object({ tariffId: text(), customerId: text(), reason: text() }),
  run: ({ db, actor, input }) => retireTariff(db, { actor, tariffId: input.tariffId, reason: input.reason }),
  revalidate: tariffsPath,
});
