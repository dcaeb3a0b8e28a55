// Invoices: create (pulling pending items), update, finalize, void, mark uncollectible,
// delete drafts, list, line items. Payment lives in invoice-pay.ts.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { andFilters, createdFilter, listArray, listCollection } from "../list";
import { bool, int, metadata, obj, oneOf, str, type Params } from "../params";
import { hostedInvoiceUrl } from "../hosted/tokens";
import type { Router } from "../router";
import type { Obj } from "../store";
import { adjustBalance } from "./customers";
import { discountsParam, invoiceLines, lineFromItem, lineInvoiceItem, recompute, taxRatesParam } from "./invoice-build";
import { createInvoiceItem } from "./invoiceitems";
import { cancelOpenInvoicePayment, markPaid } from "./invoice-pay";
import { refreshUsageLines } from "./billing-meters";

const STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

export function registerInvoices(r: Router): void {
  r.add("POST", "/v1/invoices", ({ em, p }) => createInvoice(em, p));
  r.add("GET", "/v1/invoices/:id", ({ em, path }) => {
    const inv = em.store.c.invoices.get(path.id);
    if (!inv && em.store.meta.get(path.id)?.deleted) return { id: path.id, object: "invoice", deleted: true };
    return em.get("invoices", path.id, "invoice");
  });
  r.add("POST", "/v1/invoices/:id", ({ em, p, path }) => updateInvoice(em, em.get("invoices", path.id, "invoice"), p));
  r.add("DELETE", "/v1/invoices/:id", ({ em, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    if (inv.status !== "draft") throw invalid("You can only delete draft invoices.", undefined, "invoice_not_editable");
    for (const l of em.store.lines.get(inv.id) ?? []) {
      const item = em.store.c.invoiceitems.get(lineInvoiceItem(l) ?? "");
      if (item) item.invoice = null; // items go back to pending, as Stripe does
    }
    em.store.c.invoices.delete(inv.id);
    em.store.meta.set(inv.id, { ...(em.store.meta.get(inv.id) ?? {}), deleted: true });
    em.emit("invoice.deleted", inv);
    return { id: inv.id, object: "invoice", deleted: true };
  });
  r.add("GET", "/v1/invoices", ({ em, p, url }) => {
    const customer = str(p, "customer");
    const status = oneOf(p, "status", STATUSES);
    const cm = str(p, "collection_method");
    return listCollection(
      em.store.c.invoices,
      p,
      url,
      andFilters(
        customer ? (o) => o.customer === customer : undefined,
        status ? (o) => o.status === status : undefined,
        cm ? (o) => o.collection_method === cm : undefined,
        createdFilter(p),
      ),
      { field: "customer", value: customer },
    );
  });
  r.add("GET", "/v1/invoices/:id/lines", ({ em, p, path, url }) => {
    em.get("invoices", path.id, "invoice");
    return listArray(invoiceLines(em, path.id), p, url);
  });
  r.add("POST", "/v1/invoices/:id/add_lines", ({ em, p, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    const lines = (Array.isArray(p.lines) ? p.lines : Object.values((p.lines as Obj) ?? {})) as Params[];
    if (!lines.length) throw invalid("Missing required param: lines.", "lines", "parameter_missing");
    for (const l of lines) {
      if (l.invoice_item) {
        const item = em.get("invoiceitems", String(l.invoice_item), "invoiceitem", "lines[0][invoice_item]");
        if (item.invoice) throw invalid("This invoice item is already on an invoice.", "lines[0][invoice_item]");
        if (inv.status !== "draft") throw invalid("Lines can only be added to draft invoices.", undefined, "invoice_not_editable");
        item.invoice = inv.id;
        lineFromItem(em, inv, item);
        recompute(em, inv);
      } else {
        const pd = (l.price_data as Params) ?? {};
        const pricing = (l.pricing as Params) ?? {};
        createInvoiceItem(em, { ...pd, ...l, price: pricing.price, customer: inv.customer, invoice: inv.id, currency: inv.currency });
      }
    }
    em.emit("invoice.updated", inv);
    return inv;
  });
  r.add("POST", "/v1/invoices/:id/finalize", ({ em, path }) => finalizeInvoice(em, em.get("invoices", path.id, "invoice")));
  r.add("POST", "/v1/invoices/:id/void", ({ em, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    if (inv.status !== "open" && inv.status !== "uncollectible")
      throw invalid(`You can only void invoices that are open or uncollectible; this invoice is ${inv.status}.`, undefined, "invoice_not_open");
    const prev = { status: inv.status };
    cancelOpenInvoicePayment(em, inv);
    inv.status = "void";
    inv.status_transitions = { ...inv.status_transitions, voided_at: em.clock.now() };
    inv.amount_remaining = inv.amount_due - inv.amount_paid; // unchanged: Stripe keeps the amounts on a void invoice
    // balance consumed (credit) or added (debit) at finalization goes back to the customer
    const back = inv.ending_balance === null ? 0 : inv.starting_balance - inv.ending_balance;
    const cust = em.store.c.customers.get(inv.customer);
    if (back !== 0 && cust) adjustBalance(em, cust, back, inv.currency, "invoice_too_small", { invoice: inv.id });
    em.emitSame(["invoice.voided", "invoice.updated"], inv, prev);
    return inv;
  });
  r.add("POST", "/v1/invoices/:id/mark_uncollectible", ({ em, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    if (inv.status !== "open") throw invalid(`You can only mark open invoices uncollectible; this invoice is ${inv.status}.`, undefined, "invoice_not_open");
    const prev = { status: inv.status };
    inv.status = "uncollectible";
    inv.status_transitions = { ...inv.status_transitions, marked_uncollectible_at: em.clock.now() };
    em.emitSame(["invoice.marked_uncollectible", "invoice.updated"], inv, prev);
    return inv;
  });
  r.add("POST", "/v1/invoices/:id/send", ({ em, path }) => {
    const inv = em.get("invoices", path.id, "invoice");
    if (inv.status !== "open") throw invalid(`You can only send open invoices; this invoice is ${inv.status}.`, undefined, "invoice_not_open");
    em.emit("invoice.sent", inv);
    return inv;
  });
  r.add("GET", "/v1/invoice_payments/:id", ({ em, path }) => em.get("invoice_payments", path.id, "invoice payment"));
  r.add("GET", "/v1/invoice_payments", ({ em, p, url }) => {
    const invoice = str(p, "invoice");
    return listCollection(em.store.c.invoice_payments, p, url, invoice ? (o) => o.invoice === invoice : undefined, { field: "invoice", value: invoice });
  });
}

/**
 * `extra`: fields the emulator sets on invoices it makes itself (a subscription's parent,
 * billing_reason); `build` adds its lines before the totals are computed and invoice.created is sent.
 */
export function createInvoice(em: Emulator, p: Params, extra: Obj = {}, build?: (inv: Obj) => void): Obj {
  const customerId = str(p, "customer", true)!;
  const customer = em.get("customers", customerId, "customer", "customer");
  const behavior = oneOf(p, "pending_invoice_items_behavior", ["include", "exclude"] as const) ?? "exclude";
  // per-customer index: a full scan per invoice made bulk generation quadratic
  const pending = behavior === "include" ? em.store.c.invoiceitems.where("customer", customerId).filter((i) => i.invoice === null) : [];
  const currency = (str(p, "currency") ?? (behavior === "include" ? pending[0]?.currency : undefined) ?? customer.currency ?? "usd").toLowerCase();
  const collection = oneOf(p, "collection_method", ["charge_automatically", "send_invoice"] as const) ?? "charge_automatically";
  const now = em.clock.now();
  let due = int(p, "due_date") ?? null;
  const days = int(p, "days_until_due");
  if (collection === "send_invoice" && due === null && days === undefined)
    throw invalid("Invoices with collection_method=send_invoice need due_date or days_until_due.", "due_date");
  if (due === null && days !== undefined) due = now + days * 86400;
  const id = em.newId("in");
  const inv: Obj = Object.assign(newInvoiceObject(em, id, customer, currency, collection, due, p), extra);
  inv.discounts = discountsParam(em, p.discounts, { customer: customerId, currency, invoice: id });
  // An invoice the emulator makes for a subscription keeps the subscription's default_tax_rates
  // (`extra`): "Invoices created will have their default_tax_rates populated from the subscription"
  // (https://docs.stripe.com/api/subscriptions/create#create_subscription-default_tax_rates).
  // Overwriting them with the absent parameter left every subscription invoice untaxed.
  inv.default_tax_rates =
    p.default_tax_rates === undefined && Array.isArray(extra.default_tax_rates)
      ? extra.default_tax_rates
      : taxRatesParam(em, p.default_tax_rates, "default_tax_rates");
  em.store.c.invoices.insert(inv);
  em.store.lines.set(id, []);
  if (behavior === "include") {
    for (const item of pending.filter((i) => i.currency === currency)) {
      item.invoice = id;
      lineFromItem(em, inv, item);
    }
  }
  build?.(inv);
  recompute(em, inv);
  em.emit("invoice.created", inv);
  return inv;
}

/** `automatic_tax[enabled]`: Stripe Tax computes the taxes (see invoice-build's stripeTaxability). */
function automaticTax(p: Params): Obj {
  const enabled = bool(obj(p, "automatic_tax") ?? {}, "enabled") === true;
  return enabled
    ? { disabled_reason: null, enabled: true, liability: { type: "self" }, provider: "stripe", status: "complete" }
    : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null };
}

export function newInvoiceObject(em: Emulator, id: string, customer: Obj, currency: string, collection: string, due: number | null, p: Params): Obj {
  const now = em.clock.now();
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Settle Emulator",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: bool(p, "auto_advance") ?? false,
    automatic_tax: automaticTax(p),
    automatically_finalizes_at: null,
    billing_reason: "manual",
    collection_method: collection,
    created: now,
    currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: customer.phone,
    customer_shipping: customer.shipping,
    customer_tax_exempt: customer.tax_exempt,
    customer_tax_ids: [],
    default_payment_method: str(p, "default_payment_method") ?? null,
    default_source: null,
    default_tax_rates: [],
    description: str(p, "description") ?? null,
    discounts: [],
    due_date: due,
    effective_at: null,
    ending_balance: null,
    footer: str(p, "footer") ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: null,
    livemode: em.livemode,
    metadata: metadata(p),
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    // as recorded on real invoices (the account's default PDF settings; a US account prints on letter)
    rendering: { amount_tax_display: null, pdf: { page_size: "letter" }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

function updateInvoice(em: Emulator, inv: Obj, p: Params): Obj {
  const prev: Obj = {};
  const draftOnly = ["discounts", "default_tax_rates", "collection_method", "currency"];
  for (const k of draftOnly)
    if (p[k] !== undefined && inv.status !== "draft") throw invalid(`You cannot update ${k} on a finalized invoice.`, k, "invoice_not_editable");
  for (const k of ["description", "footer"])
    if (p[k] !== undefined) {
      prev[k] = inv[k];
      inv[k] = str(p, k) ?? null;
    }
  if (p.due_date !== undefined) {
    prev.due_date = inv.due_date;
    inv.due_date = int(p, "due_date") ?? null;
  }
  if (p.auto_advance !== undefined) {
    prev.auto_advance = inv.auto_advance;
    inv.auto_advance = bool(p, "auto_advance");
  }
  if (p.metadata !== undefined) {
    prev.metadata = inv.metadata;
    inv.metadata = metadata(p, inv.metadata);
  }
  if (p.default_payment_method !== undefined) {
    prev.default_payment_method = inv.default_payment_method;
    inv.default_payment_method = str(p, "default_payment_method") ?? null;
  }
  if (p.collection_method !== undefined) {
    prev.collection_method = inv.collection_method;
    inv.collection_method = str(p, "collection_method");
  }
  if (p.discounts !== undefined) {
    prev.discounts = inv.discounts;
    inv.discounts = discountsParam(em, p.discounts, { customer: inv.customer, currency: inv.currency, invoice: inv.id });
  }
  if (p.default_tax_rates !== undefined) {
    prev.default_tax_rates = inv.default_tax_rates;
    inv.default_tax_rates = taxRatesParam(em, p.default_tax_rates, "default_tax_rates");
  }
  if (inv.status === "draft") recompute(em, inv);
  if (Object.keys(prev).length) em.emit("invoice.updated", inv, prev);
  return inv;
}

export function finalizeInvoice(em: Emulator, inv: Obj): Obj {
  if (inv.status !== "draft") throw invalid(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, "invoice_not_editable");
  refreshUsageLines(em, inv); // metered lines take the usage reported in the grace period (billing-meters.ts)
  // every edit of a draft's lines already ran recompute + syncLines: keep what has not changed
  recompute(em, inv, { keepUnchangedLines: true });
  const c = em.store.c.customers.get(inv.customer);
  const now = em.clock.now();
  const prev = { status: "draft" };
  inv.status = "open";
  inv.status_transitions = { ...inv.status_transitions, finalized_at: now };
  // Stripe gives an invoice its hosted page when it is finalized (drafts have none).
  inv.hosted_invoice_url = hostedInvoiceUrl(em, inv.id);
  inv.effective_at = now;
  if (c) {
    inv.number = `${c.invoice_prefix}-${String(c.next_invoice_sequence).padStart(4, "0")}`;
    c.next_invoice_sequence++;
    // Customer balance: a credit (negative) pays part of the invoice, a debit is added to it.
    const sb: number = c.currency === null || c.currency === inv.currency ? c.balance : 0;
    inv.starting_balance = sb;
    let applied = sb < 0 ? Math.max(sb, -inv.total) : sb;
    // A negative total (a subscription's credit prorations, say) is never a negative amount due:
    // it goes to the customer's credit balance and reduces the next invoice ("Prorations from
    // downgrading a subscription can indirectly create credits to reduce the amount due on the
    // next invoice", https://docs.stripe.com/billing/customer/balance); amount_due is then 0.
    if (inv.total + applied < 0) applied = -inv.total;
    inv.amount_due = inv.total + applied;
    inv.ending_balance = sb - applied;
    if (applied !== 0) adjustBalance(em, c, -applied, inv.currency, "applied_to_invoice", { invoice: inv.id });
  } else {
    inv.starting_balance = 0;
    inv.ending_balance = 0;
    inv.amount_due = inv.total;
  }
  inv.amount_remaining = inv.amount_due - inv.amount_paid;
  if (inv.collection_method === "charge_automatically") inv.next_payment_attempt = now + 3600;
  em.emit("invoice.finalized", inv, prev);
  if (inv.amount_due === 0) markPaid(em, inv);
  return inv;
}

/**
 * Emits invoice.overdue once for every open invoice whose due_date has passed. Run by the
 * control API after the clock moves (Stripe does it on its own schedule).
 */
export function emitOverdue(em: Emulator): number {
  const now = em.clock.now();
  let n = 0;
  for (const inv of em.store.c.invoices.items.values()) {
    if (inv.status !== "open" || inv.due_date === null || inv.due_date > now) continue;
    const m = em.store.meta.get(inv.id) ?? {};
    if (m.overdue) continue;
    em.store.meta.set(inv.id, { ...m, overdue: true });
    em.emit("invoice.overdue", inv);
    n++;
  }
  return n;
}
