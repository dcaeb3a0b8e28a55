"use server";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { text } from "@/lib/form-data";
import { startReconciliation } from "../reconciliation/start-reconciliation";
import { requestResync } from "../resync/request-resync";
import type { SyncFormState } from "./form-state";
import { retryFailedEvent } from "./retry-failed-event";

// Server actions of the sync desk pages (lib/server-action.ts). Each passes the session actor
// to a use case, which checks the role itself; nothing here trusts the form.

export const retryFailedEventAction = action({
  name: "retryFailedEvent",
  input: z.object({ eventId: text() }),
  run: ({ db, actor, input }) => retryFailedEvent(db, { actor, eventId: input.eventId }),
  revalidate: () => ["/desk/sync"],
  done: (): SyncFormState => ({ status: "ok", message: "desk.sync.retried", at: Date.now() }),
});

export const runReconciliationAction = action({
  name: "runReconciliation",
  input: z.object({}),
  run: ({ db, actor }) => startReconciliation(db, { actor }),
  revalidate: () => ["/desk/sync/reconciliation", "/desk/sync"],
  done: ({ finished }): SyncFormState => ({ status: "ok", message: finished ? "desk.sync.reconcileDone" : "desk.sync.reconcileStarted", at: Date.now() }),
});

export const startResyncAction = action({
  name: "startResync",
  input: z.object({}),
  run: ({ db, actor }) => requestResync(db, { actor }),
  revalidate: () => ["/desk/sync"],
  done: (): SyncFormState => ({ status: "ok", message: "desk.sync.resyncStarted", at: Date.now() }),
});
