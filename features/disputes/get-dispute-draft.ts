import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { assertCustomer, type Actor, customerIdsOf } from "@/features/auth/actor";

/** The invoice a new dispute is about, with its lines and which of them are already disputed. */
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
          disputedLines: { where: { openLineKey: { not: null } }, select: { disputeId: true } },
        },
      },
    },
  });
  if (!invoice) throw new NotFoundError("Invoice not found");
  return {
    ...invoice,
    lines: invoice.lines.map(({ disputedLines, quantity, ...l }) => ({
      ...l,
      quantity: quantity.toString(),
      openDisputeId: disputedLines[0]?.disputeId ?? null,
      preselected: options.lineIds.includes(l.id),
    })),
  };
}
