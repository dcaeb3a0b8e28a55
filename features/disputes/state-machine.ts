import type { DisputeStatus } from "@prisma/client";

// The dispute lifecycle. Resolved and rejected are closed; reopening returns to OPEN.
const transitions: Record<DisputeStatus, readonly DisputeStatus[]> = {
  OPEN: ["IN_REVIEW", "WAITING_ON_CUSTOMER", "RESOLVED", "REJECTED"],
  IN_REVIEW: ["WAITING_ON_CUSTOMER", "RESOLVED", "REJECTED"],
  WAITING_ON_CUSTOMER: ["IN_REVIEW", "RESOLVED", "REJECTED"],
  RESOLVED: ["OPEN"],
  REJECTED: ["OPEN"],
};

export const closedStatuses = ["RESOLVED", "REJECTED"] as const satisfies readonly DisputeStatus[];
export const openStatuses = ["OPEN", "IN_REVIEW", "WAITING_ON_CUSTOMER"] as const satisfies readonly DisputeStatus[];
/** Every status, open ones first (the desk's status filter lists them in this order). */
export const disputeStatuses = [...openStatuses, ...closedStatuses] as const;
/** openStatuses as an SQL list of literals, for raw queries (`d.status IN (${openStatusesSql})`). */
export const openStatusesSql = openStatuses.map((s) => `'${s}'`).join(", ");
export const isClosed = (s: DisputeStatus) => (closedStatuses as readonly DisputeStatus[]).includes(s);

export const canTransition = (from: DisputeStatus, to: DisputeStatus) => transitions[from].includes(to);
export const nextStatuses = (from: DisputeStatus) => transitions[from];

/** Statuses a staff member may set directly; closing goes through resolve (root cause required). */
export const manualTargets = (from: DisputeStatus) => transitions[from].filter((s) => !isClosed(s) && s !== "OPEN");

export const REOPEN_WINDOW_DAYS = 30;

/** A closed dispute can be reopened by its customer within 30 days of the decision. */
export function canReopen(status: DisputeStatus, resolvedAt: Date | null, now: Date): boolean {
  if (!isClosed(status) || !resolvedAt) return false;
  return now.getTime() - resolvedAt.getTime() <= REOPEN_WINDOW_DAYS * 24 * 3600 * 1000;
}
