import "server-only";
import type { Db } from "@/lib/db";
import { buildBillingFixture, type FixtureOptions, type FixtureRows } from "./billing-fixture";

export { buildBillingFixture, type FixtureOptions, type FixtureRows };

const CHUNK = 2000;

async function insert<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * Writes projections for one customer: invoices with lines, discounts, taxes, payments
 * (some failed), refunds and credit notes. Multi-row INSERTs in chunks keep it fast enough
 * for tests and the e2e setup; the benchmark reuses the builder with COPY.
 */
export async function seedBillingFixture(db: Db, options: FixtureOptions): Promise<FixtureRows> {
  const rows = buildBillingFixture(options);
  await insert(rows.invoices, (data) => db.invoice.createMany({ data }));
  await insert(rows.lines, (data) => db.invoiceLine.createMany({ data }));
  await insert(rows.lineDiscounts, (data) => db.invoiceLineDiscount.createMany({ data }));
  await insert(rows.lineTaxes, (data) => db.invoiceLineTax.createMany({ data }));
  await insert(rows.discounts, (data) => db.invoiceDiscount.createMany({ data }));
  await insert(rows.taxes, (data) => db.invoiceTax.createMany({ data }));
  await insert(rows.paymentIntents, (data) => db.paymentIntent.createMany({ data }));
  await insert(rows.charges, (data) => db.charge.createMany({ data }));
  await insert(rows.invoicePayments, (data) => db.invoicePayment.createMany({ data }));
  await insert(rows.refunds, (data) => db.refund.createMany({ data }));
  await insert(rows.creditNotes, (data) => db.creditNote.createMany({ data }));
  await insert(rows.creditNoteLines, (data) => db.creditNoteLine.createMany({ data }));
  return rows;
}

/** A Stripe customer projection to hang a fixture on (idempotent by Stripe id). */
export async function seedFixtureCustomer(db: Db, o: { stripeId: string; email: string; name: string; currency?: string }) {
  return db.customer.upsert({
    where: { stripeId: o.stripeId },
    update: {},
    create: { stripeId: o.stripeId, email: o.email, name: o.name, currency: o.currency ?? "usd", stripeCreated: new Date(Date.UTC(2025, 0, 1)) },
  });
}
