import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { assertStaff, type Actor } from "@/features/auth/actor";

/** One invoice as the desk sees it: its lines, what paid it, its credit notes, disputes, corrections and findings, each linkable. Staff only. */
export async function getDeskInvoice(db: Db, options: { actor: Actor; invoiceId: string }) {
  assertStaff(options.actor);
  const inv = await db.invoice.findUnique({
    where: { id: options.invoiceId },
    select: {
      id: true,
      stripeId: true,
      number: true,
      status: true,
      currency: true,
      subtotal: true,
      total: true,
      amountPaid: true,
      amountRemaining: true,
      stripeCreated: true,
      dueDate: true,
      periodStart: true,
      periodEnd: true,
      customer: { select: { id: true, name: true, email: true, stripeId: true } },
      lines: { orderBy: { position: "asc" }, select: { id: true, description: true, quantity: true, amount: true } },
      payments: {
        orderBy: { stripeCreated: "asc" },
        select: { id: true, chargeStripeId: true, paymentIntentStripeId: true, outOfBand: true, amountPaid: true, currency: true, status: true, paidAt: true },
      },
      creditNotes: { orderBy: { stripeCreated: "asc" }, select: { id: true, number: true, total: true, currency: true, status: true, stripeCreated: true } },
      disputes: { orderBy: { createdAt: "desc" }, select: { id: true, number: true, status: true, reason: true, createdAt: true } },
      corrections: { orderBy: { createdAt: "desc" }, select: { id: true, kind: true, status: true, amountMinor: true, currency: true } },
      findings: { orderBy: { detectedAt: "desc" }, select: { id: true, rule: true, status: true, amountAtStakeMinor: true, currency: true } },
    },
  });
  if (!inv) throw new NotFoundError("Invoice not found");
  return inv;
}
