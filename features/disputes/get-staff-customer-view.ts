import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { hasRole } from "@/features/auth/roles";
import { isWellFormedId } from "@/lib/input";
import { loadLineNumbers } from "@/features/billing-display/finding-line-numbers";
import { assertStaff, type Actor } from "@/features/auth/actor";

/** One customer as the desk sees them: invoices, payments, refunds, credit notes, disputes, findings. */
export async function getStaffCustomerView(db: Db, options: { actor: Actor; customerId: string }) {
  const actor = assertStaff(options.actor);
  if (!isWellFormedId(options.customerId)) throw new NotFoundError("Customer not found");
  const c = await db.customer.findUnique({
    where: { id: options.customerId },
    select: {
      id: true,
      stripeId: true,
      name: true,
      email: true,
      currency: true,
      balance: true,
      createdAt: true,
      deleted: true,
      users: { orderBy: { linkedAt: "asc" }, select: { source: true, linkedAt: true, user: { select: { id: true, email: true, locale: true } } } },
      invoices: {
        orderBy: { stripeCreated: "desc" },
        take: 100,
        select: { id: true, number: true, status: true, currency: true, total: true, amountRemaining: true, stripeCreated: true, dueDate: true },
      },
      charges: {
        orderBy: { stripeCreated: "desc" },
        take: 100,
        select: {
          id: true,
          stripeId: true,
          amount: true,
          amountRefunded: true,
          currency: true,
          status: true,
          stripeCreated: true,
          cardBrand: true,
          cardLast4: true,
        },
      },
      refunds: {
        orderBy: { stripeCreated: "desc" },
        take: 100,
        select: { id: true, stripeId: true, amount: true, currency: true, status: true, stripeCreated: true },
      },
      creditNotes: {
        orderBy: { stripeCreated: "desc" },
        take: 100,
        select: { id: true, number: true, total: true, currency: true, status: true, reason: true, stripeCreated: true, invoiceId: true },
      },
      disputes: {
        orderBy: { createdAt: "desc" },
        take: 100,
        select: { id: true, number: true, status: true, reason: true, currency: true, claimedMinor: true, rootCause: true, createdAt: true, invoiceId: true },
      },
      findings: {
        orderBy: { detectedAt: "desc" },
        take: 100,
        select: {
          id: true,
          rule: true,
          severity: true,
          status: true,
          summary: true,
          evidence: true,
          suggestion: true,
          currency: true,
          amountAtStakeMinor: true,
          detectedAt: true,
          invoiceId: true,
          invoice: { select: { number: true, stripeId: true } },
        },
      },
    },
  });
  if (!c) throw new NotFoundError("Customer not found");
  // Findings are described in words on the page; their line references need the lines' numbers.
  const lineNumbers = await loadLineNumbers(
    db,
    c.findings.flatMap((f) => [f.evidence, f.suggestion]),
  );
  // Linking and unlinking portal users is a lead's decision (features/auth/link-customer-user).
  return { ...c, lineNumbers, canManageLinks: hasRole(actor.role, "LEAD") && !c.deleted };
}
