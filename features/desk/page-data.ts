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

const auditKeys = ["action", "entityType", "entityId", "from", "to"] as const;

/** The audit log page from its address: the filters it names, the entries, the link to older ones. */
export async function loadAuditLogPage(search: Record<string, string | undefined>) {
  const filters: Record<string, string> = Object.fromEntries(auditKeys.filter((k) => search[k]).map((k) => [k, search[k]!]));
  const log = await loadAuditLog(filters, search.cursor ?? null);
  const nextHref = log.nextCursor ? `/desk/audit?${new URLSearchParams({ ...filters, cursor: log.nextCursor })}` : null;
  return { ...log, filters: filters as Partial<Record<(typeof auditKeys)[number], string>>, nextHref };
}
