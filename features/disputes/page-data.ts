import "server-only";
import { readFile } from "node:fs/promises";
import { getSessionUser } from "@/features/auth/get-session-user";
import { loadPage as load } from "@/features/auth/load-page";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { listCannedReplies } from "./canned-replies";
import { getAttachmentForDownload } from "./get-attachment";
import { getCustomerDispute } from "./get-customer-dispute";
import { getDeskDispute } from "./get-desk-dispute";
import { getDisputeDraft } from "./get-dispute-draft";
import { getDisputeReport } from "./get-dispute-report";
import { getStaffCustomerView } from "./get-staff-customer-view";
import { listCustomerDisputes } from "./list-customer-disputes";
import { listDisputeQueue } from "./list-dispute-queue";
import { listStaffUsers } from "./list-staff-users";
import type { QueueFilters } from "./schemas";
import { getSlaPolicyForDesk } from "./get-sla-policy";

// Page loaders: the session user and the database for app/ pages, which never import either.
// Not signed in → sign-in; no access or not found → 404 (the same answer, by design).

export const loadCustomerDisputes = () => load((db, actor) => listCustomerDisputes(db, { actor }));
export const loadCustomerDispute = (disputeId: string) => load((db, actor) => getCustomerDispute(db, { actor, disputeId }));
export const loadDisputeDraft = (invoiceId: string, lineIds: string[]) => load((db, actor) => getDisputeDraft(db, { actor, invoiceId, lineIds }));
/** A dispute for the desk, its staff list, and what this person may do with it (the page only shows it). */
export const loadDeskDispute = (disputeId: string) =>
  load(async (db, actor) => {
    const dispute = await getDeskDispute(db, { actor, disputeId });
    const staff = await listStaffUsers(db, { actor });
    const me = actor!;
    const closed = dispute.status === "RESOLVED" || dispute.status === "REJECTED";
    const duplicateFinding = dispute.findings.some((f) => f.rule === "duplicate_charge" && (f.status === "OPEN" || f.status === "CONFIRMED"));
    return {
      dispute,
      staff,
      me,
      rules: { closed, canAssignOthers: me.role !== "AGENT", canRefund: !closed && (dispute.reason === "CHARGED_TWICE" || duplicateFinding) },
    };
  });
export const loadStaffCustomer = (customerId: string) => load((db, actor) => getStaffCustomerView(db, { actor, customerId }));
export const loadSlaPolicy = () => load((db, actor) => getSlaPolicyForDesk(db, { actor }));
export const loadDisputeReport = () => load((db, actor) => getDisputeReport(db, { actor }));
export const loadCannedReplies = () => load(async (db, actor) => ({ replies: await listCannedReplies(db, { actor }), role: actor!.role }));

/** Queue with its filters; invalid filters come back as field errors instead of a crash. */
export const loadDisputeQueue = (filters: QueueFilters, cursor: string | null) =>
  load(async (db, actor) => {
    const staff = await listStaffUsers(db, { actor });
    try {
      return { ...(await listDisputeQueue(db, { actor, filters, cursor })), staff, errors: {} as Record<string, string> };
    } catch (err) {
      if (err instanceof ValidationError) return { rows: [], nextCursor: null, staff, errors: err.fields };
      throw err;
    }
  });

const queueKeys = ["status", "reason", "assignee", "currency", "minAmount", "maxAmount", "sla"] as const;
type QueueView = "all" | "me" | "none";

/**
 * The queue page from its address: the filters it names, the queue, which view is current
 * ("Mine" and "Unassigned" are the queue with one filter set; the other filters stay as they
 * are when switching), the views' links and the next page's.
 */
export async function loadDisputeQueuePage(search: Record<string, string | undefined>) {
  const filters: Record<string, string> = Object.fromEntries(queueKeys.filter((k) => search[k]).map((k) => [k, search[k]!]));
  const queue = await loadDisputeQueue(filters as QueueFilters, search.cursor ?? null);
  const view: QueueView | null = search.assignee === "me" ? "me" : search.assignee === "none" ? "none" : search.assignee ? null : "all";
  const viewHref = (assignee: string | null) => {
    const rest = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== "assignee"));
    const qs = new URLSearchParams({ ...rest, ...(assignee ? { assignee } : {}) }).toString();
    return qs ? `/desk/disputes?${qs}` : "/desk/disputes";
  };
  const viewHrefs: Record<QueueView, string> = { all: viewHref(null), me: viewHref("me"), none: viewHref("none") };
  const nextHref = queue.nextCursor ? `/desk/disputes?${new URLSearchParams({ ...filters, cursor: queue.nextCursor })}` : null;
  return { ...queue, filters: filters as Partial<Record<(typeof queueKeys)[number], string>>, view, viewHrefs, nextHref };
}

/** For the download route: the file's bytes, or null (→ 404) for anyone not allowed to see it. */
export async function downloadAttachment(attachmentId: string) {
  try {
    const a = await getAttachmentForDownload(await getDb(), { actor: await getSessionUser(), attachmentId });
    return { fileName: a.downloadName, mimeType: a.mimeType, data: await readFile(a.path) };
  } catch (err) {
    if (err instanceof NotFoundError || (err instanceof Error && "status" in err)) return null;
    throw err;
  }
}
