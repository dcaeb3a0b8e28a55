import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { endSessionsOfUnlinked } from "./customer-links";
import { unlinkCustomerUserSchema, linkFieldErrors, type UnlinkCustomerUserInput } from "./customer-link-schemas";
import { assertLinkManager, type LinkActor } from "./link-customer-user";

/**
 * A lead ends a staff link (audited, same transaction). A user left with no link loses their
 * sessions at once. Links that follow the customer's email are Stripe's to end (change the email
 * there), so they cannot be removed here: they would come back at the next sign-in.
 */
export async function unlinkCustomerUser(db: Db, options: { actor: LinkActor; input: UnlinkCustomerUserInput }) {
  const actor = assertLinkManager(options.actor);
  const parsed = unlinkCustomerUserSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", linkFieldErrors(parsed.error), "desk.customer.err.form");
  const { customerId, userId, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ source: string; linkedById: string | null }[]>`
      SELECT source::text AS source, "linkedById" FROM "UserCustomer" WHERE "userId" = ${userId} AND "customerId" = ${customerId} FOR UPDATE`;
    const link = rows[0];
    if (!link) throw new NotFoundError("Link not found");
    if (link.source !== "STAFF") throw new ValidationError("disputes.err.form", { form: "desk.customer.err.emailLink" }, "desk.customer.err.emailLink");
    await tx.userCustomer.delete({ where: { userId_customerId: { userId, customerId } } });
    await writeAudit(tx, {
      actor: { id: actor.id },
      action: "customer.unlink",
      entityType: "customer",
      entityId: customerId,
      before: { userId, source: "STAFF", linkedById: link.linkedById },
      reason,
    });
    const signedOut = await endSessionsOfUnlinked(tx, [userId]);
    return { signedOut: signedOut.length > 0 };
  });
}
