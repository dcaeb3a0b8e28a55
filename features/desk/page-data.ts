import "server-only";
import { getSessionUser } from "@/features/auth/get-session-user";
import { loadPage as load } from "@/features/auth/load-page";
import { getDb } from "@/lib/db";
import { getDeskBadges } from "./get-desk-badges";
import { getDeskInbox } from "./get-desk-inbox";
import { getDeskInvoice } from "./get-desk-invoice";
import { getDeskSummary } from "./get-desk-summary";
import { searchDirectory } from "./search-directory";

// Page loaders for app/ (which never imports Prisma).
/** The desk's inbox; nothing waits only when no list has anything, open findings included. */
export const loadDeskInbox = () =>
  load(async (db, actor) => {
    const box = await getDeskInbox(db, { actor });
    const nothingWaits = box.mine.count + box.unassigned.count + box.approvals.count + box.sla.count + box.findings.count === 0;
    return { ...box, nothingWaits };
  });
export const loadDeskBadges = () => load((db, actor) => getDeskBadges(db, { actor }));
export const loadDirectory = (input: { q?: string }) => load((db, actor) => searchDirectory(db, { actor, input }));
export const loadDeskInvoice = (invoiceId: string) => load((db, actor) => getDeskInvoice(db, { actor, invoiceId }));
/** For the summary API route: its errors go to apiRoute (401/403 as JSON), not to a page redirect. */
export const loadDeskSummary = async () => getDeskSummary(await getDb(), { actor: await getSessionUser() });
