import "server-only";
import type { Role } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/features/audit-log/write-audit";
import { linkCustomerUserSchema, linkFieldErrors, type LinkCustomerUserInput } from "./customer-link-schemas";
import { hasRole, isStaffRole } from "./roles";

export type LinkActor = { id: string; role: Role } | null;

/** Granting or ending someone's view of a customer's billing is a lead's decision. */
export function assertLinkManager(actor: LinkActor): { id: string; role: Role } {
  if (!actor) throw new UnauthenticatedError();
  if (!isStaffRole(actor.role) || !hasRole(actor.role, "LEAD")) throw new ForbiddenError();
  return actor;
}

/**
 * A lead links a person whose address differs from the customer's email in Stripe (a second
 * billing contact, an accountant). The link is STAFF-sourced: an email change in Stripe does not
 * end it; a lead unlinking it, or the customer's deletion in Stripe, does. A person without an
 * account gets one (a customer user, not yet verified): they may then request a sign-in link.
 * Audited in the same transaction.
 */
export async function linkCustomerUser(db: Db, options: { actor: LinkActor; input: LinkCustomerUserInput }) {
  const actor = assertLinkManager(options.actor);
  const parsed = linkCustomerUserSchema.safeParse(options.input);
  if (!parsed.success) throw new ValidationError("disputes.err.form", linkFieldErrors(parsed.error), "desk.customer.err.form");
  const { customerId, email, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { id: true, deleted: true } });
    if (!customer) throw new NotFoundError("Customer not found");
    if (customer.deleted) throw new ValidationError("disputes.err.form", { form: "desk.customer.err.deleted" }, "desk.customer.err.deleted");
    const user = await tx.user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true, role: true } });
    // Staff use the desk, never the portal: a link would give them nothing and blur who is who.
    if (user.role !== "CUSTOMER") throw new ValidationError("disputes.err.form", { email: "desk.customer.err.staffUser" }, "desk.customer.err.staffUser");
    const existing = await tx.userCustomer.findUnique({ where: { userId_customerId: { userId: user.id, customerId } }, select: { source: true } });
    if (existing?.source === "STAFF")
      throw new ValidationError("disputes.err.form", { email: "desk.customer.err.alreadyLinked" }, "desk.customer.err.alreadyLinked");
    // An EMAIL link becomes a STAFF one: it then survives an email change, as the lead decided.
    await tx.userCustomer.upsert({
      where: { userId_customerId: { userId: user.id, customerId } },
      create: { userId: user.id, customerId, source: "STAFF", linkedById: actor.id },
      update: { source: "STAFF", linkedById: actor.id },
    });
    await writeAudit(tx, {
      actor: { id: actor.id },
      action: "customer.link",
      entityType: "customer",
      entityId: customerId,
      before: existing ? { userId: user.id, source: existing.source } : null,
      after: { userId: user.id, email, source: "STAFF" },
      reason,
    });
    return { userId: user.id };
  });
}
