import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { guardPage } from "@/features/auth/require-user";
import { getAuditDashboard } from "./get-audit-dashboard";
import { getFinding } from "./get-finding";
import { listCustomerTariffs } from "./list-customer-tariffs";
import { listFindings, type FindingFilters } from "./list-findings";

// One call per page, so app/ never touches the database.
export async function loadFindings(actor: Actor, filters: FindingFilters) {
  return listFindings(await getDb(), { actor, filters });
}

/** The findings page from its address: the list (filters, cursor) and the next page's link. */
export async function loadFindingsPage(search: Record<string, string | undefined>) {
  const data = await loadFindings(assertStaff(await getSessionUser(), "AGENT"), search);
  const f = data.filters;
  const nextHref = data.nextCursor
    ? `/desk/findings?${new URLSearchParams({ ...(f.rule ? { rule: f.rule } : {}), ...(f.severity ? { severity: f.severity } : {}), ...(f.status ? { status: f.status } : {}), cursor: data.nextCursor })}`
    : null;
  return { ...data, nextHref };
}

export async function loadFinding(actor: Actor, findingId: string) {
  return getFinding(await getDb(), { actor, findingId });
}

/** The finding page: staff only; an unknown finding is the 404 page. */
export async function loadFindingPage(findingId: string) {
  return loadFinding(assertStaff(await getSessionUser(), "AGENT"), findingId).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
}

export async function loadCustomerTariffs(actor: Actor, customerId: string) {
  return listCustomerTariffs(await getDb(), { actor, customerId });
}

/** The tariffs page: staff only (an unknown customer is the 404 page); leads and admins may edit. */
export async function loadTariffsPage(customerId: string) {
  const user = assertStaff(await getSessionUser(), "AGENT");
  const data = await loadCustomerTariffs(user, customerId).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return { ...data, canEdit: user.role !== "AGENT" };
}

export async function loadAuditDashboard(actor: Actor) {
  return getAuditDashboard(await getDb(), { actor });
}

/** The audit dashboard page: leads and admins (anonymous → sign-in, an agent → 404). */
export async function loadAuditDashboardPage() {
  return loadAuditDashboard(await guardPage(async () => assertStaff(await getSessionUser(), "LEAD")));
}
