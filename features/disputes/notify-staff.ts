import "server-only";
import type { Prisma, Role } from "@prisma/client";
import { enqueueEmail } from "@/features/notifications/enqueue-email";
import { emailLocale } from "@/features/notifications/templates";
import { renderStaffEmail, type StaffEmailKind, type StaffEmailVars } from "@/features/notifications/staff-templates";
import type { Locale } from "@/lib/i18n";
import { disputeUrl } from "./notify";
import { formatDisputeNumber } from "./reasons";

type Tx = Prisma.TransactionClient;
type Recipient = { id: string; email: string; locale: string | null };

/**
 * Emails each recipient once per `key` (the outbox's dedupe key is key + address): a retried
 * action, or a second run of the SLA check, never mails anyone twice. In the caller's transaction.
 */
async function send(tx: Tx, recipients: Recipient[], kind: StaffEmailKind, key: string, vars: (locale: Locale) => StaffEmailVars) {
  const seen = new Set<string>();
  for (const r of recipients) {
    if (seen.has(r.email)) continue;
    seen.add(r.email);
    const locale = emailLocale(r.locale);
    await enqueueEmail(tx, { to: r.email, ...renderStaffEmail(kind, locale, vars(locale)), dedupeKey: `${key}:${r.email}` });
  }
}

const staffWithRole = (tx: Tx, roles: Role[], exceptId?: string | null) =>
  tx.user.findMany({
    where: { role: { in: roles }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true, email: true, locale: true },
  });

type DisputeRef = { id: string; number: number; customer?: { name: string | null; email: string | null } | null };
const customerName = (d: DisputeRef) => d.customer?.name ?? d.customer?.email ?? "—";

/** A new dispute waits in the queue: every agent hears of it (they take disputes from the queue). */
export async function notifyNewDispute(tx: Tx, d: DisputeRef) {
  const agents = await staffWithRole(tx, ["AGENT"]);
  await send(tx, agents, "new_dispute", `staff:new-dispute:${d.id}`, () => ({
    number: formatDisputeNumber(d.number),
    url: disputeUrl(d.id, true),
    customer: customerName(d),
  }));
}

/** A dispute was given to someone: they hear of it, unless they took it themselves. `version` keeps each assignment its own email. */
export async function notifyAssigned(tx: Tx, d: DisputeRef & { version: number }, assigneeId: string, actorId: string) {
  if (assigneeId === actorId) return;
  const user = await tx.user.findUnique({ where: { id: assigneeId }, select: { id: true, email: true, locale: true } });
  if (!user) return;
  await send(tx, [user], "assigned", `staff:assigned:${d.id}:${d.version}`, () => ({
    number: formatDisputeNumber(d.number),
    url: disputeUrl(d.id, true),
    customer: customerName(d),
  }));
}

/** A correction waits for approval: every lead and admin who may approve it (never its requester). */
export async function notifyApprovalWaiting(
  tx: Tx,
  c: { id: string; requestedById: string; dispute: { id: string; number: number } | null },
  amount: (locale: Locale) => string,
) {
  const leads = await staffWithRole(tx, ["LEAD", "ADMIN"], c.requestedById);
  const url = new URL(`/desk/corrections/${c.id}`, disputeUrl("x", true)).toString();
  await send(tx, leads, "approval_waiting", `staff:approval:${c.id}`, (locale) => ({
    number: c.dispute ? formatDisputeNumber(c.dispute.number) : "—",
    url,
    amount: amount(locale),
  }));
}

export async function notifySla(tx: Tx, recipients: Recipient[], kind: "sla_due_soon" | "sla_breached", key: string, vars: (locale: Locale) => StaffEmailVars) {
  await send(tx, recipients, kind, key, vars);
}

export { staffWithRole };
