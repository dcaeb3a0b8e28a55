// Paying invoices: charge (payment intent + charge + InvoicePayment), out of band, declines.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { bool, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { chargeNow } from "./charges";
import { finalizeInvoice } from "./invoices";
import { resolvePaymentMethod } from "./payment-methods";

export function registerInvoicePay(r: Router): void {
  r.add("POST", "/v1/invoices/:id/pay", ({ em, p, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    if (inv.status === "draft") finalizeInvoice(em, inv);
    if (inv.status === "paid") throw invalid("Invoice is already paid.", undefined, "invoice_already_paid");
    if (inv.status !== "open" && inv.status !== "uncollectible")
      throw invalid(`This invoice can no longer be paid (status ${inv.status}).`, undefined, "invoice_not_open");
    if (bool(p, "paid_out_of_band")) {
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
    const r = chargeNow(em, { amount: inv.amount_remaining, currency: inv.currency, customer: inv.customer, payment_method: pm, description: `Payment for Invoice ${inv.number}` });
    if (r.error) {
      // Stripe lists an attempted payment on the invoice as an open InvoicePayment (amount_paid
      // null until paid): that is how a declined attempt stays linked to its invoice.
      attachOpenPayment(em, inv, r.pi.id, r.pi.amount);
      const prev = { attempt_count: inv.attempt_count, attempted: inv.attempted };
      inv.attempt_count++;
      inv.attempted = true;
      inv.next_payment_attempt = inv.collection_method === "charge_automatically" ? em.clock.now() + 3 * 86400 : null;
      em.emitSame(["invoice.payment_failed", "invoice.updated"], inv, prev);
      throw r.error;
    }
    recordInvoicePayment(em, inv, r.pi.id, r.pi.amount);
    return inv;
  });
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

/**
 * Attaches a successful payment intent to the invoice. The part beyond amount_remaining is
 * reported in amount_overpaid (a double payment), so amount_paid never exceeds amount_due.
 */
export function recordInvoicePayment(em: Emulator, inv: Obj, piId: string, amount: number): Obj {
  const now = em.clock.now();
  const ip: Obj = {
    id: em.newId("inpay"),
    object: "invoice_payment",
    amount_paid: amount,
    amount_requested: amount,
    created: now,
    currency: inv.currency,
    invoice: inv.id,
    is_default: (em.store.meta.get(inv.id)?.payments ?? []).length === 0,
    livemode: em.livemode,
    payment: { payment_intent: piId, type: "payment_intent" },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: now },
  };
  em.store.c.invoice_payments.insert(ip);
  const m = em.store.meta.get(inv.id) ?? {};
  em.store.meta.set(inv.id, { ...m, payments: [...(m.payments ?? []), ip.id] });
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

function attachOpenPayment(em: Emulator, inv: Obj, piId: string, amount: number): void {
  const m = em.store.meta.get(inv.id) ?? {};
  const ip: Obj = {
    id: em.newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: amount,
    created: em.clock.now(),
    currency: inv.currency,
    invoice: inv.id,
    is_default: (m.payments ?? []).length === 0,
    livemode: false,
    payment: { payment_intent: piId, type: "payment_intent" },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  em.store.c.invoice_payments.insert(ip);
  em.store.meta.set(inv.id, { ...m, payments: [...(m.payments ?? []), ip.id] });
}

export function markPaid(em: Emulator, inv: Obj, o: { out_of_band?: boolean } = {}): void {
  const prev = { status: inv.status };
  inv.status = "paid";
  inv.next_payment_attempt = null;
  inv.status_transitions = { ...inv.status_transitions, paid_at: em.clock.now() };
  if (o.out_of_band) em.store.meta.set(inv.id, { ...(em.store.meta.get(inv.id) ?? {}), paid_out_of_band: true });
  em.emitSame(["invoice.paid", "invoice.payment_succeeded", "invoice.updated"], inv, prev);
}
