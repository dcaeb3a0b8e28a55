import "server-only";
import { getDb } from "@/lib/db";
import type { Actor } from "@/features/auth/actor";
import { getAuditDashboard } from "./get-audit-dashboard";
import { getFinding } from "./get-finding";
import { listCustomerTariffs } from "./list-customer-tariffs";
import { listFindings, type FindingFilters } from "./list-findings";

// One call per page, so app/ never touches the database.
export async function loadFindings(actor: Actor, filters: FindingFilters) {
  return listFindings(await getDb(), { actor, filters });
}

export async function loadFinding(actor: Actor, findingId: string) {
  return getFinding(await getDb(), { actor, findingId });
}

export async function loadCustomerTariffs(actor: Actor, customerId: string) {
  return listCustomerTariffs(await getDb(), { actor, customerId });
}

export async function loadAuditDashboard(actor: Actor) {
  return getAuditDashboard(await getDb(), { actor });
}
