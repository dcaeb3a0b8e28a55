"use server";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { checkbox, optionalText, text } from "@/lib/form-data";
import { changeFindingStatus } from "./change-finding-status";
import { createTariff } from "./create-tariff";
import { openDisputeFromFinding } from "./open-dispute-from-finding";
import { retireTariff } from "./retire-tariff";

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

export const createTariffAction = action({
  name: "createTariff",
  input: z
    .object({ customerId: text(), priceId: text(), unitAmount: text(), quantity: text(), validFrom: text(), validTo: text(), reason: text() })
    .transform((f) => ({ ...f, validTo: f.validTo || null })),
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
