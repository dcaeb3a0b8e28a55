import "server-only";
import { getSessionUser } from "@/features/auth/get-session-user";
import { loadPage as load } from "@/features/auth/load-page";
import { getDb } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { getDeskBadges } from "./get-desk-badges";
import { getDeskInbox } from "./get-desk-inbox";
import { getDeskInvoice } from "./get-desk-invoice";
import { getDeskSummary } from "./get-desk-summary";
import { listAuditEntries, type AuditFilters } from "./list-audit-entries";
import { searchDirectory } from "./search-directory";

// Page loaders for app/ (which never imports Prisma).
export const loadDeskInbox = () => load((db, actor) => getDeskInbox(db, { actor }));
export const loadDeskBadges = () => load((db, actor) => getDeskBadges(db, { actor }));
export const loadDirectory = (input: { q?: string }) => load((db, actor) => searchDirectory(db, { actor, input }));
export const loadDeskInvoice = (invoiceId: string) => load((db, actor) => getDeskInvoice(db, { actor, invoiceId }));
export const loadAuditLog = (filters: AuditFilters, cursor: string | null) =>
  load(async (db, actor) => {
    try {
      return { ...(await listAuditEntries(db, { actor, filters, cursor })), invalid: false };
    } catch (err) {
      if (err instanceof ValidationError) return { rows: [], nextCursor: null, invalid: true };
      throw err;
    }
  });
/** For the summary API route: its errors go to apiRoute (401/403 as JSON), not to a page redirect. */
export const loadDeskSummary = async () => getDeskSummary(await getDb(), { actor: await getSessionUser() });
