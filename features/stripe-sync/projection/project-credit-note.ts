import "server-only";
import type { Prisma } from "@prisma/client";
import { big, bigOrNull, decimalString, idOf, toDate } from "../convert";
import { customerIdFor } from "./project-customer";
import { isStaleSnapshot, laterDate } from "./status-order";
import type { ProjectionChange, StripeJson, Tx } from "../types";

export async function projectCreditNote(tx: Tx, cn: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await tx.creditNote.findUnique({ where: { stripeId: cn.id }, select: { id: true, status: true, lastEventAt: true } });
  const status: "VOID" | "ISSUED" = cn.status === "void" ? "VOID" : "ISSUED";
  if (existing) {
    // void is final: a late credit_note.created/updated cannot re-issue a voided note.
    const mayMove = existing.status === status || existing.status === "ISSUED";
    if (
      isStaleSnapshot({
        lastEventAt: eventAt ? existing.lastEventAt : null,
        eventAt: eventAt ?? new Date(0),
        statusMayMove: mayMove,
        incomingRank: [status === "VOID" ? 1 : 0],
        storedRank: [existing.status === "VOID" ? 1 : 0],
      })
    ) {
      return null;
    }
  }
  const invoiceStripeId = idOf(cn.invoice);
  const invoice = invoiceStripeId ? await tx.invoice.findUnique({ where: { stripeId: invoiceStripeId }, select: { id: true } }) : null;
  if (!invoice) throw new Error(`credit note ${cn.id}: invoice ${invoiceStripeId} is not projected yet`);
  const customerId = await customerIdFor(tx, cn.customer);
  if (!customerId) throw new Error(`credit note ${cn.id} has no customer`);
  const refundAmount = (cn.refunds ?? []).reduce((s: bigint, r: StripeJson) => s + big(r.amount_refunded), 0n);
  const postPayment = big(cn.post_payment_amount);
  const outOfBand = big(cn.out_of_band_amount);
  const data = {
    invoiceId: invoice.id,
    customerId,
    number: cn.number ?? null,
    status,
    type: cn.type ?? null,
    reason: cn.reason ?? null,
    memo: cn.memo ?? null,
    currency: cn.currency,
    amount: big(cn.amount),
    subtotal: big(cn.subtotal),
    subtotalExcludingTax: bigOrNull(cn.subtotal_excluding_tax),
    total: big(cn.total),
    totalExcludingTax: bigOrNull(cn.total_excluding_tax),
    discountAmount: big(cn.discount_amount),
    prePaymentAmount: big(cn.pre_payment_amount),
    postPaymentAmount: postPayment,
    outOfBandAmount: outOfBand,
    refundAmount,
    // Stripe does not return credit_amount: it is what is left of the post-payment part.
    creditAmount: postPayment - refundAmount - outOfBand,
    customerBalanceTransaction: idOf(cn.customer_balance_transaction),
    livemode: cn.livemode === true,
    stripeCreated: toDate(cn.created) ?? new Date(0),
    effectiveAt: toDate(cn.effective_at),
    voidedAt: toDate(cn.voided_at),
    lastEventAt: eventAt ? laterDate(existing?.lastEventAt ?? null, eventAt) : (existing?.lastEventAt ?? null),
    metadata: (cn.metadata ?? undefined) as Prisma.InputJsonValue | undefined,
  };
  const row = existing
    ? await tx.creditNote.update({ where: { id: existing.id }, data, select: { id: true } })
    : await tx.creditNote.create({ data: { stripeId: cn.id, ...data }, select: { id: true } });
  const lines: StripeJson[] = cn.lines?.data ?? [];
  for (const [position, l] of lines.entries()) {
    const lineData = {
      creditNoteId: row.id,
      position,
      type: l.type,
      invoiceLineStripeId: idOf(l.invoice_line_item),
      description: l.description ?? null,
      quantity: decimalString(l.quantity),
      unitAmountDecimal: decimalString(l.unit_amount_decimal),
      amount: big(l.amount),
      discountAmount: big(l.discount_amount),
      taxAmount: (l.taxes ?? []).reduce((s: bigint, t: StripeJson) => s + big(t.amount), 0n),
    };
    await tx.creditNoteLine.upsert({ where: { stripeId: l.id }, update: lineData, create: { stripeId: l.id, ...lineData } });
  }
  // The refunds the note made or took in are part of it (they must not count a second time
  // against what is left to credit). Stripe links them here, on the note, and nowhere on the
  // refund; sync projects them as the note's parents first (resolve-event.ts).
  const refundIds = (cn.refunds ?? []).map((r: StripeJson) => idOf(r.refund)).filter((x: string | null): x is string => !!x);
  if (refundIds.length) await tx.refund.updateMany({ where: { stripeId: { in: refundIds } }, data: { creditNoteStripeId: cn.id } });
  return { kind: "credit_note", stripeId: cn.id, customerId, invoiceId: invoice.id };
}
