import "server-only";
import type { Db } from "@/lib/db";
import { hasRole } from "@/features/auth/roles";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { openStatuses } from "@/features/disputes/state-machine";
import { listDisputeQueue } from "@/features/disputes/list-dispute-queue";
import { loadLineNumbers } from "@/features/billing-display/finding-line-numbers";

const SHOWN = 8;
/** Open findings listed on the home (the Findings page has the rest). */
const FINDINGS_SHOWN = 5;
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;

/**
 * The desk home as an inbox: what waits for this staff member, soonest deadline first — their
 * open disputes, the unassigned ones, corrections waiting for their approval (leads and admins;
 * never their own requests: four eyes), disputes whose SLA is breached or due soon, and the
 * billing audit's open findings (for the roles that triage them: count by severity, the most
 * severe first). Each list shows a few rows and its full count; the queue has the rest.
 */
export async function getDeskInbox(db: Db, options: { actor: Actor; now?: Date }) {
  const actor = assertStaff(options.actor);
  const now = options.now ?? new Date();
  const canApprove = hasRole(actor.role, "LEAD");
  const approvalsWhere = { status: "PENDING_APPROVAL" as const, requestedById: { not: actor.id } };
  // Who may confirm or dismiss a finding (change-finding-status) sees the open ones here.
  const canActOnFindings = hasRole(actor.role, "AGENT");
  const [mine, unassigned, breached, dueSoon, mineCount, unassignedCount, approvals, approvalsCount, findingCounts, topFindings] = await Promise.all([
    listDisputeQueue(db, { actor, filters: { assignee: "me" }, now }),
    listDisputeQueue(db, { actor, filters: { assignee: "none" }, now }),
    listDisputeQueue(db, { actor, filters: { sla: "breached" }, now }),
    listDisputeQueue(db, { actor, filters: { sla: "due_soon" }, now }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: actor.id } }),
    db.dispute.count({ where: { status: { in: [...openStatuses] }, assigneeId: null } }),
    canApprove
      ? db.correction.findMany({
          where: approvalsWhere,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          take: SHOWN,
          select: { id: true, kind: true, amountMinor: true, currency: true, createdAt: true, dispute: { select: { id: true, number: true } } },
        })
      : Promise.resolve([]),
    canApprove ? db.correction.count({ where: approvalsWhere }) : Promise.resolve(0),
    canActOnFindings ? db.finding.groupBy({ by: ["severity"], where: { status: "OPEN" }, _count: { _all: true } }) : Promise.resolve([]),
    canActOnFindings
      ? db.finding.findMany({
          where: { status: "OPEN" },
          // The enum is declared LOW → CRITICAL: descending puts the most severe first.
          orderBy: [{ severity: "desc" }, { detectedAt: "desc" }, { id: "asc" }],
          take: FINDINGS_SHOWN,
          select: {
            id: true,
            rule: true,
            severity: true,
            currency: true,
            amountAtStakeMinor: true,
            evidence: true,
            suggestion: true,
            invoice: { select: { number: true, stripeId: true } },
            customer: { select: { name: true, email: true } },
          },
        })
      : Promise.resolve([]),
  ]);
  const bySeverity = SEVERITIES.map((severity) => ({ severity, count: findingCounts.find((c) => c.severity === severity)?._count._all ?? 0 }));
  const lineNumbers = topFindings.length
    ? await loadLineNumbers(
        db,
        topFindings.flatMap((f) => [f.evidence, f.suggestion]),
      )
    : {};
  const sla = [...breached.rows, ...dueSoon.rows];
  return {
    now,
    canApprove,
    mine: { rows: mine.rows.slice(0, SHOWN), count: mineCount },
    unassigned: { rows: unassigned.rows.slice(0, SHOWN), count: unassignedCount },
    approvals: { rows: approvals, count: approvalsCount },
    // Counted up to a queue page: enough for "25+" and for knowing there is anything at all.
    sla: { rows: sla.slice(0, SHOWN), count: sla.length, more: breached.nextCursor !== null || dueSoon.nextCursor !== null },
    canActOnFindings,
    findings: { rows: topFindings, count: bySeverity.reduce((n, s) => n + s.count, 0), bySeverity, lineNumbers },
  };
}

export type DeskInbox = Awaited<ReturnType<typeof getDeskInbox>>;
