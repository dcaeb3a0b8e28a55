// Refunds (full, partial; over-refund rejected; not while a dispute is open) and disputes.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { andFilters, createdFilter, listCollection } from "../list";
import { int, metadata, oneOf, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { checkAmountForCurrency } from "./invoice-build";

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;

export function registerRefunds(r: Router): void {
  r.add("POST", "/v1/refunds", ({ em, p }) => {
    let chargeId = str(p, "charge");
    const piId = str(p, "payment_intent");
    if (!chargeId && piId) {
      const pi = em.get("payment_intents", piId, "payment_intent", "payment_intent");
      if (pi.status !== "succeeded")
        throw invalid("This PaymentIntent does not have a successful charge to refund.", "payment_intent", "charge_not_refundable");
      chargeId = pi.latest_charge;
    }
    if (!chargeId) throw invalid("One of the following params should be provided for this request: payment_intent or charge.", "charge", "parameter_missing");
    const charge = em.get("charges", chargeId, "charge", "charge");
    return createRefund(em, charge, int(p, "amount"), oneOf(p, "reason", REASONS) ?? null, metadata(p));
  });
  r.add("GET", "/v1/refunds/:id", ({ em, path }) => em.get("refunds", path.id, "refund"));
  r.add("POST", "/v1/refunds/:id", ({ em, p, path }) => {
    const o = em.get("refunds", path.id, "refund");
    const prev = { metadata: o.metadata };
    o.metadata = metadata(p, o.metadata);
    em.emitSame(refundUpdatedEvents(o), o, prev);
    return o;
  });
  r.add("GET", "/v1/refunds", ({ em, p, url }) => {
    const charge = str(p, "charge");
    const pi = str(p, "payment_intent");
    return listCollection(
      em.store.c.refunds,
      p,
      url,
      andFilters(charge ? (o) => o.charge === charge : undefined, pi ? (o) => o.payment_intent === pi : undefined, createdFilter(p)),
      charge ? { field: "charge", value: charge } : { field: "payment_intent", value: pi },
    );
  });
  r.add("GET", "/v1/charges/:id/refunds", ({ em, p, path, url }) => {
    em.get("charges", path.id, "charge");
    return listCollection(em.store.c.refunds, p, url, (o) => o.charge === path.id, { field: "charge", value: path.id });
  });
}

/**
 * What Stripe sends when a refund changes: `refund.updated`, and for a refund of a charge also
 * `charge.refund.updated` (same refund object). An endpoint may subscribe to either.
 */
export function refundUpdatedEvents(refund: Obj): string[] {
  return refund.charge ? ["refund.updated", "charge.refund.updated"] : ["refund.updated"];
}

/**
 * A refund the card network could not deliver (an expired or closed card): Stripe marks it
 * failed, returns the money to the balance, and the charge counts it as refunded no more.
 */
export function failRefund(em: Emulator, id: string, reason = "expired_or_canceled_card"): Obj {
  const refund = em.get("refunds", id, "refund");
  if (refund.status === "failed") throw invalid(`Refund ${id} has already failed.`, "refund");
  const now = em.clock.now();
  const txn: Obj = {
    id: em.newId("txn"),
    object: "balance_transaction",
    amount: refund.amount,
    available_on: now,
    balance_type: "payments",
    created: now,
    currency: refund.currency,
    description: "REFUND FAILURE",
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: refund.amount,
    reporting_category: "refund_failure",
    source: refund.id,
    status: "available",
    type: "refund_failure",
  };
  em.store.c.balance_transactions.insert(txn);
  const prev = { status: refund.status };
  refund.status = "failed";
  refund.failure_reason = reason;
  refund.failure_balance_transaction = txn.id;
  const charge = refund.charge ? em.store.c.charges.get(refund.charge) : undefined;
  if (charge) {
    const chargePrev = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
    em.emit("charge.updated", charge, chargePrev);
  }
  em.emitSame(["refund.failed", ...refundUpdatedEvents(refund)], refund, prev);
  return refund;
}

export function refundable(charge: Obj): number {
  return charge.status === "succeeded" ? charge.amount - charge.amount_refunded : 0;
}

export function createRefund(
  em: Emulator,
  charge: Obj,
  amountIn: number | undefined,
  reason: string | null,
  md: Obj = {},
  param = "amount",
  opts: { beyondCharge?: boolean } = {},
): Obj {
  if (charge.status !== "succeeded") throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, "charge", "charge_not_refundable");
  if (charge.disputed && openDispute(em, charge.id))
    throw invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, "charge", "charge_disputed");
  // beyondCharge: the internal hook's refund Stripe would refuse (see Internal.refundBeyondCharge).
  const left = opts.beyondCharge ? Number.MAX_SAFE_INTEGER : refundable(charge);
  if (left <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, "charge", "charge_already_refunded");
  const amount = amountIn ?? left;
  checkAmountForCurrency(amount, charge.currency, param);
  if (amount <= 0) throw invalid("Refund amount must be positive.", param, "parameter_invalid_integer");
  if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, param, "amount_too_large");
  const now = em.clock.now();
  const txn: Obj = {
    id: em.newId("txn"),
    object: "balance_transaction",
    amount: -amount,
    available_on: now,
    balance_type: "payments",
    created: now,
    currency: charge.currency,
    description: "REFUND FOR CHARGE",
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: -amount,
    reporting_category: "refund",
    source: null,
    status: "available",
    type: "refund",
  };
  const refund: Obj = {
    id: em.newId("re"),
    object: "refund",
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: now,
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
    metadata: md,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  txn.source = refund.id;
  em.store.c.balance_transactions.insert(txn);
  em.store.c.refunds.insert(refund);
  const prev = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  em.emit("refund.created", refund);
  em.emit("charge.refunded", charge, prev);
  return refund;
}

export function openDispute(em: Emulator, chargeId: string): Obj | undefined {
  const id: string | undefined = em.store.meta.get(chargeId)?.dispute;
  const d = id ? em.store.c.disputes.get(id) : undefined;
  return d && !["won", "lost"].includes(d.status) ? d : undefined;
}
