import "server-only";
import type { Db } from "@/lib/db";
import { formatDate } from "@/lib/i18n";
import { deadlineLabel } from "@/features/notifications/staff-templates";
import { getSlaPolicy } from "./get-sla-policy";
import { disputeUrl } from "./notify";
import { notifySla, staffWithRole } from "./notify-staff";
import { formatDisputeNumber } from "./reasons";
import { addBusinessMinutes } from "./sla";
import { openStatuses } from "./state-machine";

/**
 * The scheduled SLA check: for every running deadline of an active dispute (first response until
 * someone answered, and resolution) that is due soon or has passed, the people who must act are
 * emailed — the assignee; the leads too when it breached, or when nobody is assigned. Each
 * (dispute, deadline, due instant, state) is mailed once: the outbox's dedupe key makes a second
 * run, another process's run, or a restart a no-op, and a deadline moved by a pause is a new one.
 * Paused disputes (waiting on the customer) are skipped: their clock is stopped.
 */
export type CheckSlaDeadlinesOptions = { now?: Date };

export async function checkSlaDeadlines(db: Db, options: CheckSlaDeadlinesOptions = {}): Promise<{ dueSoon: number; breached: number }> {
  const now = options.now ?? new Date();
  const policy = await getSlaPolicy(db);
  const horizon = addBusinessMinutes(now, policy.dueSoonMinutes, policy);
  const rows = await db.dispute.findMany({
    where: {
      status: { in: [...openStatuses] },
      slaPausedAt: null,
      OR: [{ firstRespondedAt: null, firstResponseDueAt: { lte: horizon } }, { resolutionDueAt: { lte: horizon } }],
    },
    orderBy: { id: "asc" },
    take: 500,
    select: { id: true, number: true, assigneeId: true, firstResponseDueAt: true, firstRespondedAt: true, resolutionDueAt: true },
  });
  let dueSoon = 0;
  let breached = 0;
  for (const d of rows) {
    const deadlines = [
      ...(d.firstRespondedAt === null && d.firstResponseDueAt ? [{ which: "first_response" as const, due: d.firstResponseDueAt }] : []),
      ...(d.resolutionDueAt ? [{ which: "resolution" as const, due: d.resolutionDueAt }] : []),
    ].filter((x) => x.due.getTime() <= horizon.getTime());
    if (!deadlines.length) continue;
    await db.$transaction(async (tx) => {
      const assignee = d.assigneeId ? await tx.user.findUnique({ where: { id: d.assigneeId }, select: { id: true, email: true, locale: true } }) : null;
      for (const { which, due } of deadlines) {
        const kind = due.getTime() < now.getTime() ? "sla_breached" : "sla_due_soon";
        const leads = kind === "sla_breached" || !assignee ? await staffWithRole(tx, ["LEAD"]) : [];
        const recipients = [...(assignee ? [assignee] : []), ...leads];
        await notifySla(tx, recipients, kind, `staff:${kind}:${d.id}:${which}:${due.toISOString()}`, (locale) => ({
          number: formatDisputeNumber(d.number),
          url: disputeUrl(d.id, true),
          deadline: deadlineLabel(locale, which),
          due: `${formatDate(locale, due, { dateStyle: "medium", timeStyle: "short" })} UTC`,
        }));
        if (kind === "sla_breached") breached++;
        else dueSoon++;
      }
    });
  }
  return { dueSoon, breached };
}
