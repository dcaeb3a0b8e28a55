// Payment intents and charges. `chargePaymentMethod` is the single place money moves in;
// invoices pay through it too.
import type { Emulator } from "../emulator";
import { StripeApiError, invalid } from "../errors";
import { andFilters, createdFilter, listCollection } from "../list";
import { bool, int, metadata, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { TEST_CARDS } from "./cards";
import { resolvePaymentMethod } from "./payment-methods";
import { checkAmountForCurrency } from "./invoice-build";

export interface ChargeResult {
  pi: Obj;
  charge: Obj;
  /** set when the card was declined (the PI/charge are recorded as failed) */
  error?: StripeApiError;
}

export function registerCharges(r: Router): void {
  r.add("POST", "/v1/payment_intents", ({ em, p }) => {
    const amount = int(p, "amount", true)!;
    const currency = str(p, "currency", true)!.toLowerCase();
    checkAmountForCurrency(amount, currency, "amount");
    const customer = str(p, "customer") ?? null;
    if (customer) em.get("customers", customer, "customer", "customer");
    const pi = newPaymentIntent(em, amount, currency, customer, str(p, "description") ?? null, metadata(p));
    const pm = str(p, "payment_method");
    if (pm) pi.payment_method = resolvePaymentMethod(em, pm).id;
    if (pm) pi.status = "requires_confirmation";
    if (bool(p, "confirm")) return confirm(em, pi);
    return pi;
  });
  r.add("POST", "/v1/payment_intents/:id/confirm", ({ em, p, path }) => {
    const pi = em.get("payment_intents", path.id, "payment_intent");
    const pm = str(p, "payment_method");
    if (pm) pi.payment_method = resolvePaymentMethod(em, pm).id;
    return confirm(em, pi);
  });
  r.add("POST", "/v1/payment_intents/:id/cancel", ({ em, path }) => {
    const pi = em.get("payment_intents", path.id, "payment_intent");
    if (pi.status === "succeeded" || pi.status === "canceled")
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, undefined, "payment_intent_unexpected_state");
    pi.status = "canceled";
    pi.canceled_at = em.clock.now();
    em.emit("payment_intent.canceled", pi);
    return pi;
  });
  r.add("GET", "/v1/payment_intents/:id", ({ em, path }) => em.get("payment_intents", path.id, "payment_intent"));
  r.add("GET", "/v1/payment_intents", ({ em, p, url }) => {
    const customer = str(p, "customer");
    return listCollection(em.store.c.payment_intents, p, url, andFilters(customer ? (o) => o.customer === customer : undefined, createdFilter(p)), {
      field: "customer",
      value: customer,
    });
  });
  r.add("GET", "/v1/charges/:id", ({ em, path }) => em.get("charges", path.id, "charge"));
  r.add("GET", "/v1/charges", ({ em, p, url }) => {
    const customer = str(p, "customer");
    const pi = str(p, "payment_intent");
    return listCollection(
      em.store.c.charges,
      p,
      url,
      andFilters(customer ? (o) => o.customer === customer : undefined, pi ? (o) => o.payment_intent === pi : undefined, createdFilter(p)),
      { field: pi ? "payment_intent" : "customer", value: pi ?? customer },
    );
  });
  r.add("GET", "/v1/balance_transactions/:id", ({ em, path }) => em.get("balance_transactions", path.id, "balance transaction"));
}

function confirm(em: Emulator, pi: Obj): Obj {
  if (!pi.payment_method)
    throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method", "payment_intent_unexpected_state");
  if (pi.status === "succeeded") throw invalid("This PaymentIntent has already succeeded.", undefined, "payment_intent_unexpected_state");
  const r = attemptCharge(em, pi, em.get("payment_methods", pi.payment_method, "PaymentMethod"));
  if (r.error) throw r.error;
  return pi;
}

export function newPaymentIntent(em: Emulator, amount: number, currency: string, customer: string | null, description: string | null, md: Obj = {}): Obj {
  const id = em.newId("pi");
  const pi: Obj = {
    id,
    object: "payment_intent",
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    allowed_payment_method_types: null,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_emulator`,
    confirmation_method: "automatic",
    created: em.clock.now(),
    currency,
    customer,
    customer_account: null,
    description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: em.livemode,
    managed_payments: null,
    metadata: md,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  em.store.c.payment_intents.insert(pi);
  em.emit("payment_intent.created", pi);
  return pi;
}

/** Charges the PI's amount on `pm`. A decline records a failed charge and returns a card_error. */
export function attemptCharge(em: Emulator, pi: Obj, pm: Obj): ChargeResult {
  const token: string | undefined = em.store.meta.get(pm.id)?.token;
  const decline = token ? TEST_CARDS[token]?.decline : undefined;
  const now = em.clock.now();
  const chargeId = em.newId("ch");
  const ok = !decline;
  let txn: Obj | null = null;
  if (ok) {
    txn = {
      id: em.newId("txn"),
      object: "balance_transaction",
      amount: pi.amount,
      available_on: now + 2 * 86400,
      balance_type: "payments",
      created: now,
      currency: pi.currency,
      description: pi.description,
      exchange_rate: null,
      fee: 0,
      fee_details: [],
      net: pi.amount,
      reporting_category: "charge",
      source: chargeId,
      status: "pending",
      type: "charge",
    };
    em.store.c.balance_transactions.insert(txn);
  }
  const charge: Obj = {
    id: chargeId,
    object: "charge",
    amount: pi.amount,
    amount_captured: ok ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: txn?.id ?? null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: "SETTLE EMULATOR",
    captured: ok,
    created: now,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: em.livemode,
    metadata: {},
    on_behalf_of: null,
    outcome: ok
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : {
          advice_code: "do_not_try_again",
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline!.decline_code,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        },
    paid: ok,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: ok ? pi.amount : null,
        authorization_code: ok ? "123456" : null,
        brand: pm.card.brand,
        checks: pm.card.checks,
        country: pm.card.country,
        electronic_commerce_indicator: null,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        // Recorded card charges (2025–2026) carry these five even without the feature requested.
        extended_authorization: { status: "disabled" },
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: pm.card.last4,
        mandate: null,
        multicapture: { status: "unavailable" },
        network: pm.card.brand,
        network_token: { used: false },
        network_transaction_id: ok ? `${chargeId.slice(-15)}` : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: "unavailable" },
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    radar_options: {},
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    // no `refunds`: an includable field since API 2022-11-15, sent only with expand[]=refunds
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: ok ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
  em.store.c.charges.insert(charge);
  pi.latest_charge = chargeId;
  pi.payment_method = pm.id;
  if (ok) {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.last_payment_error = null;
    em.emit("charge.succeeded", charge);
    em.emit("payment_intent.succeeded", pi);
    return { pi, charge };
  }
  const errBody = {
    type: "card_error",
    code: decline!.code,
    decline_code: decline!.decline_code,
    message: decline!.message,
    charge: chargeId,
    doc_url: `https://stripe.com/docs/error-codes/${decline!.code.replace(/_/g, "-")}`,
  };
  pi.status = "requires_payment_method";
  pi.last_payment_error = { ...errBody, payment_method: pm };
  em.emit("charge.failed", charge);
  em.emit("payment_intent.payment_failed", pi);
  return { pi, charge, error: new StripeApiError(402, { ...errBody, payment_intent: pi }) };
}

/** Creates a PI for `amount` and charges it immediately (invoice payments, duplicate-charge scenarios). */
export function chargeNow(
  em: Emulator,
  p: { amount: number; currency: string; customer: string | null; payment_method: Obj; description: string | null },
): ChargeResult {
  const pi = newPaymentIntent(em, p.amount, p.currency, p.customer, p.description);
  return attemptCharge(em, pi, p.payment_method);
}

export type { Params };
