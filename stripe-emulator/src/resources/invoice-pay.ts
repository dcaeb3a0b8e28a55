// Paying invoices: charge (payment intent + charge + InvoicePayment), out of band, declines.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { bool, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { attemptCharge, newPaymentIntent } from "./charges";
import { finalizeInvoice } from "./invoices";
import { subscriptionInvoicePaid } from "./subscriptions";
import { resolvePaymentMethod } from "./payment-methods";

export function registerInvoicePay(r: Router): void {
  r.add("POST", "/v1/invoices/:id/pay", ({ em, p, path }) => payInvoice(em, em.get("invoices", path.id, "invoice"), p));
}

/**
 * `POST /v1/invoices/:id/pay`; also a test clock's automatic payment attempts
 * (src/resources/test-clocks.ts), which pass the retry schedule's next attempt after a decline.
 */
export function payInvoice(em: Emulator, inv: Obj, p: Params, opts: { nextAttemptAfterDecline?: number | null } = {}): Obj {
  if (inv.status === "draft") finalizeInvoice(em, inv);
  if (inv.status === "paid") throw invalid("Invoice is already paid.", undefined, "invoice_already_paid");
  if (inv.status !== "open" && inv.status !== "uncollectible")
    throw invalid(`This invoice can no longer be paid (status ${inv.status}).`, undefined, "invoice_not_open");
  if (bool(p, "paid_out_of_band")) {
    cancelOpenInvoicePayment(em, inv);
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    markPaid(em, inv, { out_of_band: true });
    return inv;
  }
  if (inv.amount_remaining === 0) {
    markPaid(em, inv);
    return inv;
  }
  const pm = pickPaymentMethod(em, inv, str(p, "payment_method"));
  // As Stripe does, an invoice keeps one payment intent (in an `open` InvoicePayment) across
  // attempts: a declined attempt leaves it open with its failed charge, and a retry with
  // another card charges the same payment intent again.
  let ip = openInvoicePayment(em, inv);
  let pi = ip ? em.store.c.payment_intents.get(ip.payment.payment_intent) : undefined;
  if (!ip || !pi) {
    pi = newPaymentIntent(em, inv.amount_remaining, inv.currency, inv.customer, `Payment for Invoice ${inv.number}`);
    ip = insertInvoicePayment(em, inv, pi.id, inv.amount_remaining);
  } else if (pi.amount !== inv.amount_remaining) {
    // a credit note since the last attempt lowered what is due
    pi.amount = inv.amount_remaining;
    ip.amount_requested = inv.amount_remaining;
  }
  const r = attemptCharge(em, pi, pm);
  if (r.error) {
    // The open InvoicePayment (amount_paid null until paid) stays: that is how a declined
    // attempt stays linked to its invoice, as Stripe lists it.
    const prev = { attempt_count: inv.attempt_count, attempted: inv.attempted };
    inv.attempt_count++;
    inv.attempted = true;
    inv.next_payment_attempt =
      opts.nextAttemptAfterDecline !== undefined
        ? opts.nextAttemptAfterDecline
        : inv.collection_method === "charge_automatically"
          ? em.clock.now() + 3 * 86400
          : null;
    em.emitSame(["invoice.payment_failed", "invoice.updated"], inv, prev);
    throw r.error;
  }
  applyInvoicePayment(em, inv, ip, r.pi.amount);
  return inv;
}

function pickPaymentMethod(em: Emulator, inv: Obj, explicit?: string): Obj {
  if (explicit) return resolvePaymentMethod(em, explicit);
  const c = em.store.c.customers.get(inv.customer);
  const id = inv.default_payment_method ?? c?.invoice_settings?.default_payment_method;
  if (id) return resolvePaymentMethod(em, id);
  // payment methods change customer on attach, so they are found through the attach log
  const attached: string[] = em.store.meta.get(inv.customer)?.paymentMethods ?? [];
  let latest: Obj | undefined;
  for (const pmId of attached) {
    const pm = em.store.c.payment_methods.get(pmId);
    if (pm?.customer === inv.customer) latest = pm;
  }
  if (!latest) throw invalid("This customer has no attached payment source or default payment method.", "payment_method", "payment_method_not_available");
  return latest;
}

/** The invoice's InvoicePayment still waiting for a successful attempt, if any. */
function openInvoicePayment(em: Emulator, inv: Obj): Obj | undefined {
  const ids: string[] = em.store.meta.get(inv.id)?.payments ?? [];
  for (const id of ids) {
    const ip = em.store.c.invoice_payments.get(id);
    if (ip?.status === "open" && ip.payment?.type === "payment_intent") return ip;
  }
  return undefined;
}

/** An invoice settled another way (out of band, voided) cancels the attempt still open. */
export function cancelOpenInvoicePayment(em: Emulator, inv: Obj): void {
  const ip = openInvoicePayment(em, inv);
  if (!ip) return;
  ip.status = "canceled";
  ip.status_transitions = { canceled_at: em.clock.now(), paid_at: null };
  const pi = em.store.c.payment_intents.get(ip.payment.payment_intent);
  if (pi && pi.status === "requires_payment_method") pi.status = "canceled";
}

/** A new InvoicePayment for `piId`, `open` until a charge on it succeeds. */
function insertInvoicePayment(em: Emulator, inv: Obj, piId: string, amount: number): Obj {
  const ip: Obj = {
    id: em.newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: amount,
    created: em.clock.now(),
    currency: inv.currency,
    invoice: inv.id,
    is_default: (em.store.meta.get(inv.id)?.payments ?? []).length === 0,
    livemode: em.livemode,
    payment: { payment_intent: piId, type: "payment_intent" },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  em.store.c.invoice_payments.insert(ip);
  const m = em.store.meta.get(inv.id) ?? {};
  em.store.meta.set(inv.id, { ...m, payments: [...(m.payments ?? []), ip.id] });
  return ip;
}

/**
 * Attaches a successful payment intent to the invoice. The part beyond amount_remaining is
 * reported in amount_overpaid (a double payment), so amount_paid never exceeds amount_due.
 */
export function recordInvoicePayment(em: Emulator, inv: Obj, piId: string, amount: number): Obj {
  return applyInvoicePayment(em, inv, insertInvoicePayment(em, inv, piId, amount), amount);
}

/** Marks the InvoicePayment paid with `amount` and moves the invoice on (paid when nothing remains). */
function applyInvoicePayment(em: Emulator, inv: Obj, ip: Obj, amount: number): Obj {
  const now = em.clock.now();
  ip.amount_paid = amount;
  ip.status = "paid";
  ip.status_transitions = { canceled_at: null, paid_at: now };
  const applied = Math.min(amount, inv.amount_remaining);
  const prev = { amount_paid: inv.amount_paid, amount_remaining: inv.amount_remaining, status: inv.status };
  inv.amount_paid += applied;
  inv.amount_overpaid += amount - applied;
  inv.amount_remaining = inv.amount_due - inv.amount_paid;
  inv.attempt_count++;
  inv.attempted = true;
  em.emit("invoice_payment.paid", ip);
  if (inv.amount_remaining === 0 && inv.status !== "paid") markPaid(em, inv);
  else em.emit("invoice.updated", inv, prev);
  return ip;
}

export function markPaid(em: Emulator, inv: Obj, o: { out_of_band?: boolean } = {}): void {
  const prev = { status: inv.status };
  inv.status = "paid";
  inv.next_payment_attempt = null;
  inv.status_transitions = { ...inv.status_transitions, paid_at: em.clock.now() };
  if (o.out_of_band) em.store.meta.set(inv.id, { ...(em.store.meta.get(inv.id) ?? {}), paid_out_of_band: true });
  em.emitSame(["invoice.paid", "invoice.payment_succeeded", "invoice.updated"], inv, prev);
  subscriptionInvoicePaid(em, inv);
}
