// Disputes (chargebacks). Opened/closed through the control API (Stripe never lets the
// merchant open one); `POST /v1/disputes/:id/close` is the merchant accepting = lost.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { andFilters, createdFilter, listCollection } from "../list";
import { metadata, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";

export function registerDisputes(r: Router): void {
  r.add("GET", "/v1/disputes/:id", ({ em, path }) => em.get("disputes", path.id, "dispute"));
  r.add("POST", "/v1/disputes/:id", ({ em, p, path }) => {
    const d = em.get("disputes", path.id, "dispute");
    d.metadata = metadata(p, d.metadata);
    em.emit("charge.dispute.updated", d);
    return d;
  });
  r.add("POST", "/v1/disputes/:id/close", ({ em, path }) => closeDispute(em, path.id, "lost"));
  r.add("GET", "/v1/disputes", ({ em, p, url }) => {
    const charge = str(p, "charge");
    const pi = str(p, "payment_intent");
    return listCollection(
      em.store.c.disputes,
      p,
      url,
      andFilters(charge ? (o) => o.charge === charge : undefined, pi ? (o) => o.payment_intent === pi : undefined, createdFilter(p)),
      { field: "charge", value: charge },
    );
  });
}

// Every piece of evidence a merchant can submit; Stripe sends each as null until it is given.
const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;

export function openDisputeOn(em: Emulator, chargeId: string, reason = "general", amount?: number): Obj {
  const charge = em.get("charges", chargeId, "charge", "charge");
  if (charge.status !== "succeeded") throw invalid("Only succeeded charges can be disputed.", "charge");
  if (charge.disputed) throw invalid(`Charge ${chargeId} is already disputed.`, "charge");
  const now = em.clock.now();
  const amt = amount ?? charge.amount - charge.amount_refunded;
  const txn: Obj = {
    id: em.newId("txn"),
    object: "balance_transaction",
    amount: -amt,
    available_on: now,
    balance_type: "payments",
    created: now,
    currency: charge.currency,
    description: `Chargeback withdrawal for ${chargeId}`,
    exchange_rate: null,
    fee: 1500,
    // as on recorded chargeback withdrawals: the fee is one stripe_fee detail line
    fee_details: [{ amount: 1500, application: null, currency: charge.currency, description: "Dispute fee", type: "stripe_fee" }],
    net: -amt - 1500,
    reporting_category: "dispute",
    source: null,
    status: "available",
    type: "adjustment",
  };
  const d: Obj = {
    id: em.newId("dp"),
    object: "dispute",
    amount: amt,
    balance_transactions: [txn],
    charge: chargeId,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: { ...Object.fromEntries(EVIDENCE_FIELDS.map((k) => [k, null])), enhanced_evidence: {} },
    evidence_details: {
      due_by: now + 7 * 86400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: em.livemode,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: {
        brand: charge.payment_method_details.card.brand,
        case_type: "chargeback",
        network: charge.payment_method_details.card.network,
        network_reason_code: "10.4",
      },
      type: "card",
    },
    reason,
    status: "needs_response",
  };
  txn.source = d.id;
  em.store.c.balance_transactions.insert(txn);
  em.store.c.disputes.insert(d);
  em.store.meta.set(chargeId, { ...(em.store.meta.get(chargeId) ?? {}), dispute: d.id });
  charge.disputed = true;
  em.emitSame(["charge.dispute.created", "charge.dispute.funds_withdrawn"], d);
  em.emit("charge.updated", charge, { disputed: false });
  return d;
}

export function closeDispute(em: Emulator, id: string, outcome: "won" | "lost"): Obj {
  const d = em.get("disputes", id, "dispute");
  if (d.status === "won" || d.status === "lost") throw invalid(`This dispute is already closed.`, undefined, "dispute_already_closed");
  const prev = { status: d.status };
  d.status = outcome;
  d.is_charge_refundable = false;
  if (outcome === "won") {
    const now = em.clock.now();
    d.balance_transactions = [
      ...d.balance_transactions,
      {
        id: em.newId("txn"),
        object: "balance_transaction",
        amount: d.amount,
        available_on: now,
        balance_type: "payments",
        created: now,
        currency: d.currency,
        description: `Chargeback reversal for ${d.charge}`,
        exchange_rate: null,
        fee: -1500,
        fee_details: [],
        net: d.amount + 1500,
        reporting_category: "dispute_reversal",
        source: d.id,
        status: "available",
        type: "adjustment",
      },
    ];
    em.emit("charge.dispute.funds_reinstated", d);
  }
  em.emitSame(["charge.dispute.updated", "charge.dispute.closed"], d, prev);
  return d;
}
