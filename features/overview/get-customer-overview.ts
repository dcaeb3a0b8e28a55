import "server-only";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/features/auth/require-user";

export type CustomerOverview = {
  user: { email: string; name: string | null };
  accounts: { id: string; name: string | null; email: string | null; openInvoices: number }[];
};

/** The signed-in customer's billing accounts with their open invoice counts. */
export async function getCustomerOverview(): Promise<CustomerOverview> {
  const { user, customerIds } = await requireCustomer();
  if (customerIds.length === 0) return { user, accounts: [] };
  const db = await getDb();
  // Ownership: only the session's linked customers, in the same statement.
  const [customers, counts] = await Promise.all([
    db.customer.findMany({ where: { id: { in: customerIds }, deleted: false }, select: { id: true, name: true, email: true }, orderBy: { createdAt: "asc" } }),
    db.invoice.groupBy({ by: ["customerId"], where: { customerId: { in: customerIds }, status: "OPEN" }, _count: { _all: true } }),
  ]);
  const open = new Map(counts.map((c) => [c.customerId, c._count._all]));
  return { user, accounts: customers.map((c) => ({ ...c, openInvoices: open.get(c.id) ?? 0 })) };
}
