import "server-only";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";
import { loadCreditNoteCauses } from "./load-credit-note-causes";

const dec = (d: { toString(): string } | null | undefined) => (d == null ? null : d.toString());

/** One credit note of the signed-in customer (not found and not yours are the same 404). */
export type GetCreditNoteDetailOptions = { customerIds: string[]; creditNoteId: string };

export async function getCreditNoteDetail(db: Db, o: GetCreditNoteDetailOptions) {
  // A malformed id (a NUL byte from a URL) names no credit note: 404 before Postgres refuses it.
  if (!isWellFormedId(o.creditNoteId)) throw new NotFoundError();
  const cn = await db.creditNote.findFirst({
    where: { id: o.creditNoteId, customerId: { in: o.customerIds } },
    include: {
      lines: { orderBy: [{ position: "asc" }, { id: "asc" }] },
      invoice: { select: { id: true, number: true } },
      customer: { select: { name: true, email: true } },
    },
  });
  if (!cn) throw new NotFoundError();
  const causes = await loadCreditNoteCauses(db, [cn.id]);
  return {
    cause: causes.get(cn.id) ?? null,
    id: cn.id,
    number: cn.number,
    status: cn.status,
    type: cn.type,
    reason: cn.reason,
    memo: cn.memo,
    currency: cn.currency,
    created: cn.stripeCreated,
    effectiveAt: cn.effectiveAt,
    voidedAt: cn.voidedAt,
    invoice: cn.invoice,
    customer: cn.customer,
    lines: cn.lines.map((l) => ({
      id: l.id,
      description: l.description,
      quantity: dec(l.quantity),
      unitAmountDecimal: dec(l.unitAmountDecimal),
      amount: l.amount,
      discountAmount: l.discountAmount,
      taxAmount: l.taxAmount,
    })),
    totals: {
      subtotal: cn.subtotal,
      discountAmount: cn.discountAmount,
      total: cn.total,
      refundAmount: cn.refundAmount,
      creditAmount: cn.creditAmount,
      outOfBandAmount: cn.outOfBandAmount,
      prePaymentAmount: cn.prePaymentAmount,
      postPaymentAmount: cn.postPaymentAmount,
    },
  };
}

export type CreditNoteDetail = Awaited<ReturnType<typeof getCreditNoteDetail>>;
