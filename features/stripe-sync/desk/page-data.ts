import "server-only";
import { getSessionUser } from "@/features/auth/get-session-user";
import { guardPage } from "@/features/auth/require-user";
import { getDb } from "@/lib/db";
import { getReconciliationDesk } from "./get-reconciliation-desk";
import { getSyncDesk } from "./get-sync-desk";

// One call per page, so app/ never touches the database. guardPage: anonymous → sign-in,
// a customer → 404; the feature functions check the role again themselves.

export const loadSyncDesk = () => guardPage(async () => getSyncDesk(await getDb(), { actor: await getSessionUser() }));

export const loadReconciliationDesk = (runId: string | null) =>
  guardPage(async () => getReconciliationDesk(await getDb(), { actor: await getSessionUser(), runId }));
