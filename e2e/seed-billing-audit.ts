// Seeds a customer whose invoices carry billing errors into the e2e database and runs the
// audit over them (tsx --conditions=react-server, DATABASE_URL set); prints the ids the
// billing-audit spec needs. Unique ids per run: the spec may share its database with others.
import { randomUUID } from "node:crypto";
import { closeDb, getDb } from "@/lib/db";
import { auditInvoices } from "@/features/billing-audit/audit-invoices";

async function main() {
  const db = await getDb();
  const u = randomUUID().slice(0, 8);
  const customer = await db.customer.create({
    data: {
      stripeId: `cus_audit_${u}`,
      email: `audit-${u}@example.test`,
      name: `Audit Test ${u}`,
      currency: "usd",
      stripeCreated: new Date("2026-01-01T00:00:00Z"),
    },
  });
  const priceId = `price_audit_${u}`;
  await db.price.create({
    data: {
      id: priceId,
      productId: `prod_audit_${u}`,
      productName: "Seats",
      currency: "usd",
      unitAmountDecimal: "1200",
      stripeCreated: new Date("2026-01-01T00:00:00Z"),
    },
  });
  const ids: string[] = [];
  // 10 seats × 12.00 = 120.00; each invoice bills a little more on its only line (line math).
  for (const [i, amount] of [12500n, 12600n].entries()) {
    const stripeId = `in_audit_${u}_${i}`;
    const inv = await db.invoice.create({
      data: {
        stripeId,
        number: `AUD-${u}-${i + 1}`,
        customerId: customer.id,
        status: "PAID",
        currency: "usd",
        subtotal: amount,
        subtotalExcludingTax: amount,
        total: amount,
        totalExcludingTax: amount,
        amountDue: amount,
        amountPaid: amount,
        amountRemaining: 0n,
        stripeCreated: new Date(`2026-0${i + 3}-01T00:00:00Z`),
        lines: {
          create: [
            {
              stripeId: `il_${stripeId}`,
              position: 0,
              currency: "usd",
              amount,
              quantity: "10",
              unitAmountDecimal: "1200",
              priceId,
              productId: `prod_audit_${u}`,
              periodStart: new Date(`2026-0${i + 3}-01T00:00:00Z`),
            },
          ],
        },
      },
    });
    ids.push(inv.id);
  }
  await auditInvoices(db, ids, { runId: null });
  const findings = await db.finding.findMany({
    where: { invoiceId: { in: ids } },
    orderBy: { amountAtStakeMinor: "asc" },
    select: { id: true, summary: true },
  });
  process.stdout.write(JSON.stringify({ customerId: customer.id, priceId, findings }));
  await closeDb();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
