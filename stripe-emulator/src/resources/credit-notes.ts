// Credit notes: create / preview / void / list / lines. The pre-payment part reduces what is
// still owed; the post-payment part must be split exactly into refund + credit + out of band.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { andFilters, createdFilter, listArray, listCollection } from "../list";
import { int, metadata, oneOf, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { adjustBalance } from "./customers";
import { buildNoteLines, noteTotals } from "./credit-note-calc";
import { checkAmountForCurrency, pretaxCredits, syncLines } from "./invoice-build";
import { markPaid } from "./invoice-pay";
import { createRefund, refundable } from "./refunds";

const REASONS = ["duplicate", "fraudulent", "order_change", "product_unsatisfactory"] as const;

export function registerCreditNotes(r: Router): void {
  r.add("GET", "/v1/credit_notes/preview", ({ em, p }) => creditNote(em, p, true));
  r.add("GET", "/v1/credit_notes/preview/lines", ({ em, p, url }) => {
    const note = creditNote(em, p, true);
    return listArray(em.store.lines.get("preview") ?? note.lines.data, p, url);
  });
  r.add("POST", "/v1/credit_notes", ({ em, p }) => creditNote(em, p, false));
  r.add("GET", "/v1/credit_notes/:id", ({ em, path }) => em.get("credit_notes", path.id, "credit note"));
  r.add("POST", "/v1/credit_notes/:id", ({ em, p, path }) => {
    const cn = em.get("credit_notes", path.id, "credit note");
    const prev: Obj = {};
    if (p.memo !== undefined) {
      prev.memo = cn.memo;
      cn.memo = str(p, "memo") ?? null;
    }
    if (p.metadata !== undefined) {
      prev.metadata = cn.metadata;
      cn.metadata = metadata(p, cn.metadata);
    }
    em.emit("credit_note.updated", cn, prev);
    return cn;
  });
  r.add("GET", "/v1/credit_notes/:id/lines", ({ em, p, path, url }) => {
    em.get("credit_notes", path.id, "credit note");
    return listArray(em.store.lines.get(path.id) ?? [], p, url);
  });
  r.add("POST", "/v1/credit_notes/:id/void", ({ em, path }) => voidCreditNote(em, em.get("credit_notes", path.id, "credit note")));
  r.add("GET", "/v1/credit_notes", ({ em, p, url }) => {
    const invoice = str(p, "invoice");
    const customer = str(p, "customer");
    return listCollection(
      em.store.c.credit_notes,
      p,
      url,
      andFilters(invoice ? (o) => o.invoice === invoice : undefined, customer ? (o) => o.customer === customer : undefined, createdFilter(p)),
      invoice ? { field: "invoice", value: invoice } : { field: "customer", value: customer },
    );
  });
}

/** Charges that paid this invoice (through its InvoicePayments). */
export function invoiceCharges(em: Emulator, inv: Obj): Obj[] {
  const ids: string[] = em.store.meta.get(inv.id)?.payments ?? [];
  const out: Obj[] = [];
  for (const id of ids) {
    const ip = em.store.c.invoice_payments.get(id);
    const pi = ip ? em.store.c.payment_intents.get(ip.payment.payment_intent) : undefined;
    const ch = pi?.latest_charge ? em.store.c.charges.get(pi.latest_charge) : undefined;
    if (ch && ch.status === "succeeded") out.push(ch);
  }
  return out;
}

function creditNote(em: Emulator, p: Params, preview: boolean): Obj {
  const inv = em.get("invoices", str(p, "invoice", true), "invoice", "invoice");
  if (inv.status !== "open" && inv.status !== "paid")
    throw invalid(`Credit notes can only be issued for open or paid invoices; this invoice is ${inv.status}.`, "invoice", "invoice_not_open");
  const lines = buildNoteLines(em, inv, p, preview);
  const t = noteTotals(lines);
  if (t.total <= 0) throw invalid("The credit note total must be positive.", "amount");

  const invMeta = em.store.meta.get(inv.id) ?? {};
  const charges = invoiceCharges(em, inv);
  const linkedRefunds = new Set<string>(invMeta.cnRefunds ?? []);
  const outsideRefunds = charges.flatMap((ch) => em.store.c.refunds.where("charge", ch.id).filter((r) => !linkedRefunds.has(r.id)));
  const refundedOutside = outsideRefunds.reduce((a, r) => a + r.amount, 0);
  const notes = em.store.c.credit_notes.where("invoice", inv.id);
  const existing = notes.filter((c) => c.status !== "void").reduce((a, c) => a + c.total, 0);
  const cap = inv.total - refundedOutside - existing;
  if (t.total > cap)
    throw invalid(
      `The credit note total (${t.total}) exceeds what can still be credited on invoice ${inv.id} (${Math.max(0, cap)}).`,
      "amount",
      "credit_note_amount_too_large",
    );

  const pre = inv.status === "open" ? Math.min(t.total, inv.amount_remaining) : 0;
  const post = t.total - pre;
  const refundAmount = int(p, "refund_amount") ?? 0;
  const refundLinks = (p.refunds === undefined || p.refunds === "" ? [] : Array.isArray(p.refunds) ? p.refunds : Object.values(p.refunds as Obj)) as Params[];
  const linked = refundLinks.map((x, i) => {
    const re = em.get("refunds", str(x, "refund", true), "refund", `refunds[${i}][refund]`);
    if (!charges.some((c) => c.id === re.charge)) throw invalid(`Refund ${re.id} is not for a payment of invoice ${inv.id}.`, `refunds[${i}][refund]`);
    if (linkedRefunds.has(re.id)) throw invalid(`Refund ${re.id} is already linked to a credit note.`, `refunds[${i}][refund]`);
    const amt = int(x, "amount_refunded") ?? re.amount;
    if (amt <= 0 || amt > re.amount) throw invalid(`amount_refunded must be between 1 and ${re.amount}.`, `refunds[${i}][amount_refunded]`);
    return { re, amt };
  });
  const credit = int(p, "credit_amount") ?? 0;
  const oob = int(p, "out_of_band_amount") ?? 0;
  const refundTotal = refundAmount + linked.reduce((a, l) => a + l.amt, 0);
  if ([refundAmount, credit, oob].some((v) => v < 0)) throw invalid("Amounts must not be negative.", "credit_amount");
  checkAmountForCurrency(refundAmount, inv.currency, "refund_amount");
  checkAmountForCurrency(credit, inv.currency, "credit_amount");
  checkAmountForCurrency(oob, inv.currency, "out_of_band_amount");
  if (refundTotal + credit + oob !== post)
    throw invalid(
      `The sum of refund (${refundTotal}), credit_amount (${credit}) and out_of_band_amount (${oob}) must equal the post-payment amount of the credit note (${post}; total ${t.total}, of which ${pre} reduces the amount remaining).`,
      "refund_amount",
    );
  const refundable_ = charges.reduce((a, c) => a + refundable(c), 0);
  if (refundAmount > refundable_)
    throw invalid(`refund_amount (${refundAmount}) exceeds the refundable amount of the invoice payments (${refundable_}).`, "refund_amount");

  const now = em.clock.now();
  const seq = notes.length + 1;
  const id = preview ? "cn_preview" : em.newId("cn");
  const note: Obj = {
    id,
    object: "credit_note",
    amount: t.total,
    amount_shipping: 0,
    created: now,
    currency: inv.currency,
    customer: inv.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: t.discount,
    discount_amounts: t.discountAmounts,
    effective_at: now,
    invoice: inv.id,
    lines: null,
    livemode: em.livemode,
    memo: str(p, "memo") ?? null,
    metadata: metadata(p),
    number: `${inv.number}-CN-${String(seq).padStart(2, "0")}`,
    out_of_band_amount: oob || null,
    // Stripe always sends a PDF link (the emulator renders none; nothing reads it).
    pdf: `https://pay.stripe.com/credit_notes/emulator/${id}/pdf`,
    post_payment_amount: post,
    pre_payment_amount: pre,
    pretax_credit_amounts: pretaxCredits(t.discountAmounts),
    reason: oneOf(p, "reason", REASONS) ?? null,
    refunds: [],
    shipping_cost: null,
    status: "issued",
    subtotal: t.subtotal,
    subtotal_excluding_tax: t.subtotalExcludingTax,
    total: t.total,
    total_excluding_tax: t.totalExcludingTax,
    total_taxes: t.totalTaxes,
    type: post === 0 ? "pre_payment" : pre === 0 ? "post_payment" : "mixed",
    voided_at: null,
  };
  const noteLines = lines.map((l) => l.line);
  if (preview) {
    em.store.lines.set("preview", noteLines);
    syncLines(em, note);
    em.store.lines.delete("preview");
    return note;
  }
  em.store.lines.set(id, noteLines);
  syncLines(em, note);

  // side effects, in Stripe's order: refunds, customer credit, invoice amounts
  const cnRefunds: string[] = [...linkedRefunds];
  let left = refundAmount;
  for (const ch of charges) {
    if (left <= 0) break;
    const amt = Math.min(left, refundable(ch));
    if (amt <= 0) continue;
    const re = createRefund(em, ch, amt, "requested_by_customer", {}, "refund_amount");
    note.refunds.push({ amount_refunded: amt, payment_record_refund: null, refund: re.id, type: "refund" });
    cnRefunds.push(re.id);
    left -= amt;
  }
  for (const l of linked) {
    note.refunds.push({ amount_refunded: l.amt, payment_record_refund: null, refund: l.re.id, type: "refund" });
    cnRefunds.push(l.re.id);
  }
  if (credit > 0) {
    const c = em.get("customers", inv.customer, "customer");
    const bt = adjustBalance(em, c, -credit, inv.currency, "credit_note", { credit_note: id, invoice: inv.id });
    note.customer_balance_transaction = bt.id;
  }
  em.store.meta.set(inv.id, { ...(em.store.meta.get(inv.id) ?? {}), cnRefunds });
  em.store.meta.set(id, { credit, refundAmount: refundTotal });
  em.store.c.credit_notes.insert(note);
  const prev = {
    amount_due: inv.amount_due,
    amount_remaining: inv.amount_remaining,
    pre_payment_credit_notes_amount: inv.pre_payment_credit_notes_amount,
    post_payment_credit_notes_amount: inv.post_payment_credit_notes_amount,
  };
  inv.pre_payment_credit_notes_amount += pre;
  inv.post_payment_credit_notes_amount += post;
  inv.amount_due -= pre;
  inv.amount_remaining = inv.amount_due - inv.amount_paid;
  em.emit("credit_note.created", note);
  if (inv.status === "open" && inv.amount_remaining === 0) markPaid(em, inv);
  else em.emit("invoice.updated", inv, prev);
  return note;
}

function voidCreditNote(em: Emulator, cn: Obj): Obj {
  if (cn.status === "void") throw invalid("This credit note is already voided.", undefined, "credit_note_already_voided");
  const m = em.store.meta.get(cn.id) ?? {};
  if (m.refundAmount > 0) throw invalid("A credit note with refunds cannot be voided.", undefined, "credit_note_has_refunds");
  const inv = em.get("invoices", cn.invoice, "invoice");
  if (cn.pre_payment_amount > 0 && inv.status === "paid" && inv.amount_paid < inv.amount_due + cn.pre_payment_amount)
    throw invalid("This credit note settled its invoice and cannot be voided.", undefined, "credit_note_settled_invoice");
  const prev = { status: cn.status };
  cn.status = "void";
  cn.voided_at = em.clock.now();
  inv.pre_payment_credit_notes_amount -= cn.pre_payment_amount;
  inv.post_payment_credit_notes_amount -= cn.post_payment_amount;
  inv.amount_due += cn.pre_payment_amount;
  inv.amount_remaining = inv.amount_due - inv.amount_paid;
  if (m.credit > 0) {
    const c = em.store.c.customers.get(cn.customer);
    if (c) adjustBalance(em, c, m.credit, cn.currency, "credit_note", { credit_note: cn.id, invoice: inv.id });
  }
  em.emit("credit_note.voided", cn, prev);
  em.emit("invoice.updated", inv);
  return cn;
}
