import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { assertStaff, type Actor } from "@/features/auth/actor";
import { CLOSED_CHARGEBACK } from "../limits/load-invoice-limits";

const DUPLICATE = "duplicate_charge:";
const LIVE_FINDING = ["OPEN", "CONFIRMED"] as const;

/**
 * For a refund-only correction: the charges that can still be refunded, the dispute's invoice's
 * own first. Each says what it is — a duplicate the billing audit detected on this invoice (its
 * finding), a payment recorded against this invoice, or just another charge of the customer —
 * and the detected duplicate comes back as `suggested`, so the form preselects it with its
 * refundable amount instead of whichever charge happens to be newest.
 */
export async function listRefundableCharges(db: Db, options: { actor: Actor; disputeId: string }) {
  assertStaff(options.actor);
  const d = await db.dispute.findUnique({
    where: { id: options.disputeId },
    select: {
      id: true,
      number: true,
      reason: true,
      status: true,
      customerId: true,
      invoiceId: true,
      invoice: { select: { id: true, number: true, stripeId: true } },
    },
  });
  if (!d) throw new NotFoundError("Dispute not found");
  const [charges, payments, findings] = await Promise.all([
    db.charge.findMany({
      where: { customerId: d.customerId, status: "succeeded" },
      orderBy: [{ stripeCreated: "desc" }, { id: "desc" }],
      take: 50,
      select: {
        stripeId: true,
        amount: true,
        amountRefunded: true,
        currency: true,
        stripeCreated: true,
        description: true,
        paymentIntent: { select: { stripeId: true } },
        chargebacks: { select: { status: true } },
      },
    }),
    db.invoicePayment.findMany({ where: { invoiceId: d.invoiceId }, select: { chargeStripeId: true, paymentIntentStripeId: true } }),
    db.finding.findMany({
      where: { rule: "duplicate_charge", status: { in: [...LIVE_FINDING] }, OR: [{ invoiceId: d.invoiceId }, { disputeId: d.id }] },
      orderBy: { detectedAt: "asc" },
      select: { id: true, fingerprint: true },
    }),
  ]);
  const duplicateOf = new Map(findings.map((f) => [f.fingerprint.slice(DUPLICATE.length), f.id]));
  const paysInvoice = (c: (typeof charges)[number]) =>
    payments.some((p) => p.chargeStripeId === c.stripeId || (!!c.paymentIntent && p.paymentIntentStripeId === c.paymentIntent.stripeId));
  const rows = charges
    .filter((c) => c.amount > c.amountRefunded)
    .map((c) => {
      const findingId = duplicateOf.get(c.stripeId) ?? null;
      const role = findingId ? ("duplicate" as const) : paysInvoice(c) ? ("invoice_payment" as const) : ("other" as const);
      return {
        stripeId: c.stripeId,
        amount: c.amount,
        refundable: c.amount - c.amountRefunded,
        currency: c.currency,
        created: c.stripeCreated,
        description: c.description,
        openChargeback: c.chargebacks.some((b) => !CLOSED_CHARGEBACK.includes(b.status)),
        role,
        findingId,
      };
    });
  const rank = { duplicate: 0, invoice_payment: 1, other: 2 } as const;
  rows.sort((a, b) => rank[a.role] - rank[b.role]);
  const suggested = rows.find((r) => r.role === "duplicate" && !r.openChargeback) ?? null;
  return {
    dispute: d,
    charges: rows,
    suggested: suggested && {
      chargeStripeId: suggested.stripeId,
      amountMinor: suggested.refundable,
      currency: suggested.currency,
      findingId: suggested.findingId,
    },
  };
}
