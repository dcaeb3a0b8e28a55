import "server-only";
import { stripeLivemode } from "@/lib/env";
import { big, idOf, toDate } from "../convert";
import { customerIdFor } from "./project-customer";
import { isStaleSnapshot, laterDate, statusRank } from "./status-order";
import type { ProjectionChange, StripeJson, Tx } from "../types";
import { findGuarded, upsertByStripeId } from "./upsert-row";

type Guarded = { lastEventAt: Date | null; status: string };

/** Whether a payment object's snapshot is older than the row (forward-only status, then time, then rank). */
export function stale(
  kind: string,
  existing: Guarded | null,
  incomingStatus: string,
  eventAt: Date | null,
  extraIn: number[] = [],
  extraStored: number[] = [],
) {
  if (!existing) return false;
  const from = statusRank(kind, existing.status);
  const to = statusRank(kind, incomingStatus);
  // A final status (rank 9) never changes to another status.
  const mayMove = existing.status === incomingStatus || (to >= from && from < 9);
  return isStaleSnapshot({
    lastEventAt: eventAt ? existing.lastEventAt : null,
    eventAt: eventAt ?? new Date(0),
    statusMayMove: mayMove,
    incomingRank: [to, ...extraIn],
    storedRank: [from, ...extraStored],
  });
}

export const nextLastEventAt = (existing: Guarded | null, eventAt: Date | null) =>
  eventAt ? laterDate(existing?.lastEventAt ?? null, eventAt) : (existing?.lastEventAt ?? null);

/** A payment intent's row from its Stripe object: the projector's and replay's one mapping. */
export function paymentIntentFields(pi: StripeJson, customerId: string | null, lastEventAt: Date | null) {
  const err = pi.last_payment_error ?? null;
  return {
    customerId,
    amount: big(pi.amount),
    amountReceived: big(pi.amount_received),
    currency: pi.currency as string,
    status: pi.status as string,
    description: (pi.description ?? null) as string | null,
    lastErrorCode: (err?.code ?? null) as string | null,
    lastDeclineCode: (err?.decline_code ?? null) as string | null,
    lastErrorMessage: (err?.message ?? null) as string | null,
    livemode: pi.livemode === true,
    stripeCreated: toDate(pi.created) ?? new Date(0),
    lastEventAt,
  };
}

export async function projectPaymentIntent(tx: Tx, pi: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await findGuarded(tx, "PaymentIntent", pi.id);
  if (stale("payment_intent", existing, pi.status, eventAt)) return null;
  const customerId = await customerIdFor(tx, pi.customer);
  const data = paymentIntentFields(pi, customerId, nextLastEventAt(existing, eventAt));
  await upsertByStripeId(tx, "PaymentIntent", pi.id, data);
  return { kind: "payment_intent", stripeId: pi.id, customerId };
}

/** A charge's row from its Stripe object: the projector's and the bulk test loader's one mapping. */
export function chargeFields(ch: StripeJson, customerId: string | null, paymentIntentId: string | null, lastEventAt: Date | null) {
  const card = ch.payment_method_details?.card ?? null;
  return {
    customerId,
    paymentIntentId,
    amount: big(ch.amount),
    amountCaptured: big(ch.amount_captured),
    amountRefunded: big(ch.amount_refunded),
    currency: ch.currency,
    status: ch.status,
    paid: ch.paid === true,
    refunded: ch.refunded === true,
    disputed: ch.disputed === true,
    failureCode: ch.failure_code ?? null,
    failureMessage: ch.failure_message ?? null,
    declineCode: ch.outcome?.network_decline_code ?? null,
    outcomeReason: ch.outcome?.reason ?? null,
    paymentMethodType: ch.payment_method_details?.type ?? null,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    description: ch.description ?? null,
    livemode: ch.livemode === true,
    stripeCreated: toDate(ch.created) ?? new Date(0),
    lastEventAt,
  };
}

export async function projectCharge(tx: Tx, ch: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await findGuarded(tx, "Charge", ch.id, ["amountRefunded"]);
  if (stale("charge", existing, ch.status, eventAt, [Number(ch.amount_refunded ?? 0)], [Number(existing?.amountRefunded ?? 0)])) return null;
  const customerId = await customerIdFor(tx, ch.customer);
  const piStripeId = idOf(ch.payment_intent);
  const pi = piStripeId ? await findGuarded(tx, "PaymentIntent", piStripeId) : null;
  const data = chargeFields(ch, customerId, pi?.id ?? null, nextLastEventAt(existing, eventAt));
  await upsertByStripeId(tx, "Charge", ch.id, data);
  return { kind: "charge", stripeId: ch.id, customerId };
}

async function chargeRow(tx: Tx, chargeStripeId: string | null) {
  if (!chargeStripeId) return null;
  return findGuarded(tx, "Charge", chargeStripeId, ["livemode"]);
}

/** A refund's row from its Stripe object and its projected charge: the projector's and replay's one mapping. */
export function refundFields(re: StripeJson, charge: { id: string; livemode: unknown } | null, customerId: string | null, lastEventAt: Date | null) {
  return {
    chargeId: charge?.id ?? null,
    customerId,
    paymentIntentStripeId: idOf(re.payment_intent),
    amount: big(re.amount),
    currency: re.currency as string,
    status: re.status as string,
    reason: (re.reason ?? null) as string | null,
    failureReason: (re.failure_reason ?? null) as string | null,
    // creditNoteStripeId is not written here: the credit note that made the refund says so
    // (credit_note.refunds[].refund), not the refund; project-credit-note.ts sets it.
    // A refund object has no livemode: it is its charge's. Without a projected charge, the
    // refund was read with this deployment's key, which sees its own mode only.
    livemode: typeof charge?.livemode === "boolean" ? charge.livemode : stripeLivemode(),
    stripeCreated: toDate(re.created) ?? new Date(0),
    lastEventAt,
  };
}

export async function projectRefund(tx: Tx, re: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await findGuarded(tx, "Refund", re.id);
  if (stale("refund", existing, re.status, eventAt)) return null;
  const charge = await chargeRow(tx, idOf(re.charge));
  // The customer comes through the charge; `refund.customer` exists only from API 2026-07-29
  // and is null for refunds Stripe cannot tie to a customer.
  const customerId = charge?.customerId ?? (re.customer ? await customerIdFor(tx, re.customer) : null);
  const data = refundFields(re, charge ? { id: charge.id, livemode: charge.livemode } : null, customerId, nextLastEventAt(existing, eventAt));
  await upsertByStripeId(tx, "Refund", re.id, data);
  return { kind: "refund", stripeId: re.id, customerId };
}

export async function projectDispute(tx: Tx, dp: StripeJson, eventAt: Date | null): Promise<ProjectionChange | null> {
  const existing = await findGuarded(tx, "Chargeback", dp.id);
  if (stale("dispute", existing, dp.status, eventAt)) return null;
  const chargeStripeId = idOf(dp.charge) ?? "";
  const charge = await chargeRow(tx, chargeStripeId);
  const closed = statusRank("dispute", dp.status) === 9;
  const data = {
    chargeId: charge?.id ?? null,
    chargeStripeId,
    customerId: charge?.customerId ?? null,
    amount: big(dp.amount),
    currency: dp.currency,
    status: dp.status,
    reason: dp.reason ?? null,
    livemode: dp.livemode === true,
    stripeCreated: toDate(dp.created) ?? new Date(0),
    closedAt: closed ? (eventAt ?? toDate(dp.created)) : null,
    lastEventAt: nextLastEventAt(existing, eventAt),
  };
  await upsertByStripeId(tx, "Chargeback", dp.id, data);
  return { kind: "dispute", stripeId: dp.id, customerId: data.customerId };
}
