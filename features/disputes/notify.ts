import "server-only";
import type { Prisma } from "@prisma/client";
import { LIVE_LINK } from "@/features/auth/customer-links";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n";
import { enqueueEmail } from "@/features/notifications/enqueue-email";
import { emailLocale, renderDisputeEmail, type DisputeEmailKind, type DisputeEmailVars } from "@/features/notifications/templates";
import { formatDisputeNumber } from "./reasons";

type Tx = Prisma.TransactionClient;

export const disputeUrl = (id: string, desk = false) => new URL(`${desk ? "/desk" : ""}/disputes/${id}`, env().NEXTAUTH_URL).toString();

/**
 * Emails the customer side of a dispute in their own language. Only call with public content:
 * internal notes never reach this function (callers check visibility first). Recipients are the
 * customer users linked to the dispute's customer now (the opener alone while they still are);
 * each email carries its recipient and customer, and the drainer drops it if the link has ended
 * by the time it is sent (the customer's email changed in Stripe, or a staff link was removed).
 */
export async function notifyCustomer(
  tx: Tx,
  dispute: { id: string; number: number; customerId: string; openedById: string | null },
  kind: Exclude<DisputeEmailKind, "assignee_customer_reply">,
  vars: (locale: Locale) => Omit<DisputeEmailVars, "number" | "url">,
  dedupeKey: string,
) {
  const linked = await tx.$queryRaw<{ id: string; email: string; locale: string | null }[]>`
    SELECT u.id, u.email, u.locale FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" JOIN "Customer" c ON c.id = uc."customerId"
    WHERE uc."customerId" = ${dispute.customerId} AND u.role = 'CUSTOMER' AND ${LIVE_LINK}
    ORDER BY uc."linkedAt", u.id`;
  const opener = linked.find((u) => u.id === dispute.openedById);
  const recipients = opener ? [opener] : linked;
  for (const r of recipients) {
    const locale = emailLocale(r.locale);
    const mail = renderDisputeEmail(kind, locale, { ...vars(locale), number: formatDisputeNumber(dispute.number), url: disputeUrl(dispute.id) });
    await enqueueEmail(tx, { to: r.email, ...mail, dedupeKey: `${dedupeKey}:${r.email}`, recipient: { userId: r.id, customerId: dispute.customerId } });
  }
}

export async function notifyAssignee(tx: Tx, dispute: { id: string; number: number; assigneeId: string | null }, body: string, dedupeKey: string) {
  if (!dispute.assigneeId) return;
  const user = await tx.user.findUnique({ where: { id: dispute.assigneeId }, select: { email: true, locale: true } });
  if (!user) return;
  const locale = emailLocale(user.locale);
  const mail = renderDisputeEmail("assignee_customer_reply", locale, { number: formatDisputeNumber(dispute.number), url: disputeUrl(dispute.id, true), body });
  await enqueueEmail(tx, { to: user.email, ...mail, dedupeKey });
}
