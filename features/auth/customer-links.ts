import "server-only";
import { Prisma } from "@prisma/client";
import { writeAudit } from "@/features/audit-log/write-audit";

type Tx = Prisma.TransactionClient;

/**
 * SQL condition over `uc` (a UserCustomer row), `u` (its user) and `c` (its customer): the link
 * still holds under Stripe's current data. An EMAIL link holds while the customer's email in
 * Stripe is the user's verified address; a STAFF link holds while the customer exists. Both end
 * when the customer is deleted. (A verified address is needed to create an EMAIL link, not to keep
 * it: a user's address never changes.) Rows are kept in step by syncCustomerLinks; readers that grant
 * access (the session query, the mail drainer) also apply this, so a row that outlived its
 * reason (an event not yet processed, a restored backup) still grants nothing.
 */
// Never NULL (a customer without an email must read as false, not unknown, or NOT LIVE_LINK
// would keep the row).
export const LIVE_LINK = Prisma.sql`(NOT c.deleted AND (uc.source = 'STAFF' OR (c.email IS NOT NULL AND lower(c.email) = u.email)))`;

export type LinkChange = { linked: string[]; unlinked: string[]; signedOut: string[] };

const SYSTEM = { id: null, label: "system:sync" } as const;

/**
 * Brings one customer's links in line with its projected row, in the projection's transaction:
 * links that no longer hold are deleted (audited as the system), verified users with the
 * customer's current email are linked, and customer users left with no link at all lose their
 * sessions. Staff users keep theirs: their desk access never depended on a link.
 */
export async function syncCustomerLinks(tx: Tx, customerId: string): Promise<LinkChange> {
  const removed = await tx.$queryRaw<{ userId: string; source: string; deleted: boolean }[]>`
    DELETE FROM "UserCustomer" uc USING "User" u, "Customer" c
    WHERE uc."customerId" = ${customerId} AND u.id = uc."userId" AND c.id = uc."customerId" AND NOT ${LIVE_LINK}
    RETURNING uc."userId", uc.source::text AS source, c.deleted`;
  const added = await tx.$queryRaw<{ userId: string }[]>`
    INSERT INTO "UserCustomer" ("userId", "customerId", source)
    SELECT u.id, c.id, 'EMAIL' FROM "Customer" c JOIN "User" u ON u.email = lower(c.email)
    WHERE c.id = ${customerId} AND NOT c.deleted AND u."emailVerified" IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING "userId"`;
  for (const r of removed) {
    await writeAudit(tx, {
      actor: SYSTEM,
      action: "customer.unlink",
      entityType: "customer",
      entityId: customerId,
      before: { userId: r.userId, source: r.source },
      reason: r.deleted ? "stripe_customer_deleted" : "stripe_email_changed",
    });
  }
  const signedOut = await endSessionsOfUnlinked(
    tx,
    removed.map((r) => r.userId),
  );
  return { linked: added.map((a) => a.userId), unlinked: removed.map((r) => r.userId), signedOut };
}

/**
 * The same for one user (at sign-in, when the address was just verified): drops the user's links
 * that no longer hold and links every live customer carrying the address. Returns the new links.
 */
export async function syncUserLinks(tx: Tx, userId: string): Promise<LinkChange> {
  const removed = await tx.$queryRaw<{ customerId: string; source: string; deleted: boolean }[]>`
    DELETE FROM "UserCustomer" uc USING "User" u, "Customer" c
    WHERE uc."userId" = ${userId} AND u.id = uc."userId" AND c.id = uc."customerId" AND NOT ${LIVE_LINK}
    RETURNING uc."customerId", uc.source::text AS source, c.deleted`;
  const added = await tx.$queryRaw<{ customerId: string }[]>`
    INSERT INTO "UserCustomer" ("userId", "customerId", source)
    SELECT u.id, c.id, 'EMAIL' FROM "User" u JOIN "Customer" c ON lower(c.email) = u.email
    WHERE u.id = ${userId} AND NOT c.deleted AND u."emailVerified" IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING "customerId"`;
  for (const r of removed) {
    await writeAudit(tx, {
      actor: SYSTEM,
      action: "customer.unlink",
      entityType: "customer",
      entityId: r.customerId,
      before: { userId, source: r.source },
      reason: r.deleted ? "stripe_customer_deleted" : "stripe_email_changed",
    });
  }
  return { linked: added.map((a) => a.customerId), unlinked: removed.length ? [userId] : [], signedOut: [] };
}

/** Customer users among these who have no link left lose every session (the cookie stops working at once). */
export async function endSessionsOfUnlinked(tx: Tx, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    DELETE FROM "Session" s USING "User" u
    WHERE s."userId" = u.id AND u.id = ANY(${[...new Set(userIds)]}::text[]) AND u.role = 'CUSTOMER'
      AND NOT EXISTS (SELECT 1 FROM "UserCustomer" uc WHERE uc."userId" = u.id)
    RETURNING s."userId"`;
  return [...new Set(rows.map((r) => r.userId))];
}
