// Test fixtures for dispute integration tests: a customer with a linked user, an invoice with
// lines, and staff users. Unique ids per call, so test files can share one database.
import { randomBytes } from "node:crypto";
import type { Role } from "@prisma/client";
import type { Db } from "@/lib/db";
import type { Actor } from "@/features/auth/actor";

const uid = () => randomBytes(5).toString("hex");

export async function createUser(db: Db, role: Role, locale: string | null = "en"): Promise<NonNullable<Actor> & { email: string }> {
  const email = `${role.toLowerCase()}-${uid()}@test.settle`;
  const u = await db.user.create({ data: { email, role, locale, name: `${role} ${email.slice(0, 12)}` } });
  return { id: u.id, role: u.role, email: u.email, name: u.name, locale: u.locale };
}

export async function createCustomerWithInvoice(db: Db, options: { currency?: string; lines?: { amount: bigint; quantity: string }[]; locale?: string } = {}) {
  const id = uid();
  const currency = options.currency ?? "usd";
  const user = await createUser(db, "CUSTOMER", options.locale ?? "en");
  const customer = await db.customer.create({ data: { stripeId: `cus_${id}`, email: user.email, name: `Customer ${id}`, stripeCreated: new Date() } });
  await db.userCustomer.create({ data: { userId: user.id, customerId: customer.id } });
  const lines = options.lines ?? [
    { amount: 12000n, quantity: "12" },
    { amount: 5000n, quantity: "1" },
    { amount: 2500n, quantity: "5" },
  ];
  const total = lines.reduce((s, l) => s + l.amount, 0n);
  const invoice = await db.invoice.create({
    data: {
      stripeId: `in_${id}`,
      customerId: customer.id,
      number: `INV-${id}`,
      status: "PAID",
      currency,
      subtotal: total,
      total,
      amountDue: total,
      amountPaid: total,
      amountRemaining: 0n,
      stripeCreated: new Date(),
      lines: {
        create: lines.map((l, i) => ({
          stripeId: `il_${id}_${i}`,
          position: i,
          description: `Line ${i + 1}`,
          currency,
          amount: l.amount,
          quantity: l.quantity,
        })),
      },
    },
    include: { lines: { orderBy: { position: "asc" } } },
  });
  return { user, customer, invoice, lineIds: invoice.lines.map((l) => l.id) };
}

export const pdfFile = (name = "evidence.pdf") => ({ name, data: new TextEncoder().encode("%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
export const pngFile = (name = "shot.png") => ({ name, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
