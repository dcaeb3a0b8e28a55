import "server-only";
import type { Prisma } from "@prisma/client";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n";
import { enqueueEmail } from "@/features/notifications/enqueue-email";
import { emailLocale, renderDisputeEmail, type DisputeEmailKind, type DisputeEmailVars } from "@/features/notifications/templates";
import { formatDisputeNumber } from "./reasons";

type Tx = Prisma.TransactionClient;

export const disputeUrl = (id: string, desk = false) => new URL(`${desk ? "/desk" : ""}/disputes/${id}`, env().NEXTAUTH_URL).toString();

/**
 * Emails the customer side of a dispute in their own language. Only call with public content:
 * internal notes never reach this function (callers check visibility first).
 */
export async function notifyCustomer(
  tx: Tx,
  dispute: { id: string; number: number; customerId: string; openedById: string | null },
  kind: Exclude<DisputeEmailKind, "assignee_customer_reply">,
  vars: (locale: Locale) => Omit<DisputeEmailVars, "number" | "url">,
  dedupeKey: string,
) {
  const opener = dispute.openedById
    ? await tx.user.findFirst({ where: { id: dispute.openedById, role: "CUSTOMER" }, select: { email: true, locale: true } })
    : null;
  const recipients = opener
    ? [opener]
    : (await tx.userCustomer.findMany({ where: { customerId: dispute.customerId }, select: { user: { select: { email: true, locale: true, role: true } } } }))
        .map((l) => l.user)
        .filter((u) => u.role === "CUSTOMER");
  for (const r of recipients) {
    const locale = emailLocale(r.locale);
    const mail = renderDisputeEmail(kind, locale, { ...vars(locale), number: formatDisputeNumber(dispute.number), url: disputeUrl(dispute.id) });
    await enqueueEmail(tx, { to: r.email, ...mail, dedupeKey: `${dedupeKey}:${r.email}` });
  }
}

export async function notifyAssignee(
  tx: Tx,
  dispute: { id: string; number: number; assigneeId: string | null },
  body: string,
  dedupeKey: string,
) {
  if (!dispute.assigneeId) return;
  const user = await tx.user.findUnique({ where: { id: dispute.assigneeId }, select: { email: true, locale: true } });
  if (!user) return;
  const locale = emailLocale(user.locale);
  const mail = renderDisputeEmail("assignee_customer_reply", locale, { number: formatDisputeNumber(dispute.number), url: disputeUrl(dispute.id, true), body });
  await enqueueEmail(tx, { to: user.email, ...mail, dedupeKey });
}
