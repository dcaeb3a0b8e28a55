// Seeds billing projections for alice and bob into the e2e database (run with tsx
// --conditions=react-server, DATABASE_URL set) and prints the ids the portal spec needs.
import { closeDb, getDb } from "@/lib/db";
import { linkUserToCustomers } from "@/features/auth/link-user-to-customers";
import { seedBillingFixture, seedFixtureCustomer } from "@/prisma/seed/billing";

async function main() {
  const db = await getDb();
  const out: Record<string, unknown> = {};
  for (const [who, currency, invoices] of [
    ["alice", "usd", 40],
    ["bob", "eur", 12],
  ] as const) {
    const email = `${who}@example.com`;
    const existing = await db.invoice.findFirst({ where: { customer: { stripeId: `cus_portal_${who}` } }, select: { id: true } });
    const customer = await seedFixtureCustomer(db, { stripeId: `cus_portal_${who}`, email, name: who === "alice" ? "Alice Anders" : "Bob Brown", currency });
    const rows = existing
      ? null
      : await seedBillingFixture(db, { customerId: customer.id, idPrefix: `${who}`, invoices, linesPerInvoice: 4, currency, seed: who.length });
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (user) await linkUserToCustomers(db, user.id);
    const select = { id: true, number: true } as const;
    const invoice =
      (await db.invoice.findFirst({
        where: { customerId: customer.id, status: "PAID", creditNotes: { some: {} } },
        orderBy: { stripeCreated: "desc" },
        select,
      })) ?? (await db.invoice.findFirst({ where: { customerId: customer.id }, orderBy: { stripeCreated: "desc" }, select }));
    const creditNote = await db.creditNote.findFirst({ where: { customerId: customer.id }, select: { id: true, number: true } });
    out[who] = { customerId: customer.id, invoice, creditNote, seeded: !!rows };
  }
  process.stdout.write(JSON.stringify(out));
  await closeDb();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
