import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { assertCustomer, type Actor, customerIdsOf } from "@/features/auth/actor";

/** The invoice a new dispute is about, with its lines and which of them are already disputed. */ import { explainPriceOf } from "@/features/billing-display/line-price";

export async function getDisputeDraft(db: Db, options: { actor: Actor; invoiceId: string; lineIds: string[] }) {
  const actor = assertCustomer(options.actor);
  if (!isWellFormedId(options.invoiceId)) throw new NotFoundError("Invoice not found");
  const invoice = await db.invoice.findFirst({
    where: { id: options.invoiceId, customerId: { in: await customerIdsOf(db, actor.id) } },
    select: {
      id: true,
      number: true,
      currency: true,
      total: true,
      stripeCreated: true,
      lines: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          description: true,
          quantity: true,
          amount: true,
          currency: true,
          proration: true,
          periodStart: true,
          periodEnd: true,
          subscriptionItemId: true,
          priceId: true,
          disputedLines: { where: { openLineKey: { not: null } }, select: { disputeId: true } },
        },
      },
    },
  });
  if (!invoice) throw new NotFoundError("Invoice not found");
  // the lines' prices, for the explanations of proration and tiered lines in the line picker
  const priceIds = [...new Set(invoice.lines.map((l) => l.priceId).filter((x): x is string => !!x))];
  const prices = new Map(
    (priceIds.length ? await db.price.findMany({ where: { id: { in: priceIds } } }) : []).map((p) => [
      p.id,
      explainPriceOf({ ...p, unitAmountDecimal: p.unitAmountDecimal?.toString() ?? null }),
    ]),
  );
  return {
    ...invoice,
    lines: invoice.lines.map(({ disputedLines, quantity, priceId, ...l }) => ({
      ...l,
      price: (priceId && prices.get(priceId)) || null,
      quantity: quantity.toString(),
      openDisputeId: disputedLines[0]?.disputeId ?? null,
      preselected: options.lineIds.includes(l.id),
    })),
  };
}
