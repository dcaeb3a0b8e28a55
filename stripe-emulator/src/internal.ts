// Escape hatches for the scenario generator: states a real Stripe account can end up in
// (imported invoices, dropped webhooks, double payments) but the public API would not create.
import type { Emulator } from "./emulator";
import { invalid } from "./errors";
import type { Obj } from "./store";
import { finalizeInvoice, createInvoice } from "./resources/invoices";
import { createInvoiceItem } from "./resources/invoiceitems";
import { recordInvoicePayment, markPaid } from "./resources/invoice-pay";
import { chargeNow } from "./resources/charges";
import { resolvePaymentMethod } from "./resources/payment-methods";
import { openDisputeOn, closeDispute } from "./resources/disputes";
import { lineInvoiceItem, recompute } from "./resources/invoice-build";
import { createRefund, failRefund } from "./resources/refunds";

export interface ImportLine {
  /** the line amount as billed by the other system (NOT recomputed from quantity × unit) */
  amount: number;
  quantity?: number | string;
  unit_amount_decimal?: string;
  description?: string;
  price?: string;
  tax_rates?: string[];
  discounts?: { coupon: string }[];
  period?: { start: number; end: number };
  metadata?: Record<string, string>;
  /**
   * A line the other system attributed to a subscription item: it becomes a subscription item
   * line (`parent.subscription_item_details`), a proration when `proration`, crediting
   * `credited_items` when given (a credit proration as Stripe would write it, right or wrong).
   */
  subscription_item?: {
    subscription: string;
    subscription_item: string;
    proration: boolean;
    credited_items?: { invoice: string; invoice_line_items: string[] } | null;
  };
}

export interface ImportInvoiceParams {
  customer: string;
  currency: string;
  lines: ImportLine[];
  status?: "open" | "paid";
  /** when status = paid: pay with this payment method (creates PI + charge), else out of band */
  payment_method?: string;
  discounts?: { coupon: string }[];
  default_tax_rates?: string[];
  collection_method?: "charge_automatically" | "send_invoice";
  days_until_due?: number;
  description?: string;
  metadata?: Record<string, string>;
  /**
   * Added to the finalized total (and to what is due) without touching lines, taxes or
   * discounts: the other system's total did not add up. 0 or absent: the total is computed.
   */
  total_adjustment?: number;
}

/** What markEventsUndelivered's filter sees: cheap fields, plus `data` parsed on demand. */
export interface EventView {
  id: string;
  type: string;
  created: number;
  /** id of data.object (e.g. the invoice or charge id) */
  object_id: string;
  readonly data: { object: Obj; previous_attributes?: Obj };
}

export class Internal {
  constructor(private em: Emulator) {}

  private run<T>(fn: () => T): T {
    // same error semantics as the API, but thrown as exceptions to the caller
    return fn();
  }

  /**
   * Creates a finalized invoice whose line amounts are taken as given (an invoice imported
   * from another billing system). pricing.unit_amount_decimal/quantity are stored as given
   * too, so `amount ≠ quantity × unit` is visible to an auditor. Discounts and taxes are then
   * computed on the given amounts by the normal rules.
   */
  importInvoice(p: ImportInvoiceParams): Obj {
    return this.run(() => {
      const em = this.em;
      const inv = createInvoice(em, {
        customer: p.customer,
        currency: p.currency,
        discounts: p.discounts,
        default_tax_rates: p.default_tax_rates,
        collection_method: p.collection_method,
        days_until_due: p.days_until_due,
        description: p.description,
        metadata: p.metadata,
      });
      for (const l of p.lines) {
        const si = l.subscription_item;
        const item = createInvoiceItem(
          em,
          {
            customer: p.customer,
            currency: p.currency,
            invoice: inv.id,
            amount: l.amount,
            description: l.description,
            tax_rates: l.tax_rates,
            discounts: l.discounts,
            period: l.period,
            metadata: l.metadata,
          },
          si
            ? {
                parent: { subscription_details: { subscription: si.subscription, subscription_item: si.subscription_item }, type: "subscription_details" },
                proration: si.proration,
              }
            : {},
          si?.credited_items ? { credited: si.credited_items } : {},
        );
        // overwrite the displayed pricing with the other system's quantity/unit price
        const q = l.quantity !== undefined ? String(l.quantity) : "1";
        const unit = l.unit_amount_decimal ?? String(l.amount);
        for (const o of [item, ...(em.store.lines.get(inv.id) ?? []).filter((x) => lineInvoiceItem(x) === item.id)]) {
          o.quantity = Math.round(Number(q));
          o.quantity_decimal = q;
          o.pricing = {
            ...o.pricing,
            unit_amount_decimal: unit,
            ...(l.price ? { type: "price_details", price_details: { price: l.price, product: em.store.c.prices.get(l.price)?.product ?? null } } : {}),
          };
        }
      }
      recompute(em, inv);
      finalizeInvoice(em, inv);
      const adj = p.total_adjustment ?? 0;
      if (adj !== 0) {
        if (inv.amount_paid !== 0) throw invalid("total_adjustment needs an invoice with nothing paid yet");
        inv.total += adj;
        inv.total_excluding_tax += adj;
        inv.amount_due += adj;
        inv.amount_remaining += adj;
      }
      if (p.status === "paid" && inv.status !== "paid") {
        if (p.payment_method) this.payInvoiceAgain(inv.id, p.payment_method);
        else {
          inv.amount_paid = inv.amount_due;
          inv.amount_remaining = 0;
          markPaid(em, inv, { out_of_band: true });
        }
      }
      return inv;
    });
  }

  /**
   * Charges the customer again for an invoice, even if it is already paid: a double payment.
   * Creates a PI + charge + InvoicePayment; the excess shows as invoice.amount_overpaid.
   */
  payInvoiceAgain(invoiceId: string, paymentMethod: string, amount?: number): { invoice: Obj; payment_intent: Obj; charge: Obj } {
    const em = this.em;
    const inv = em.get("invoices", invoiceId, "invoice");
    if (inv.status === "draft" || inv.status === "void") throw invalid("invoice must be finalized");
    const pm = resolvePaymentMethod(em, paymentMethod);
    const amt = amount ?? (inv.amount_remaining > 0 ? inv.amount_remaining : inv.amount_due);
    const r = chargeNow(em, {
      amount: amt,
      currency: inv.currency,
      customer: inv.customer,
      payment_method: pm,
      description: `Payment for Invoice ${inv.number}`,
    });
    if (r.error) throw r.error;
    recordInvoicePayment(em, inv, r.pi.id, amt);
    return { invoice: inv, payment_intent: r.pi, charge: r.charge };
  }

  /** A standalone successful charge (e.g. a duplicate charge not linked to any invoice). */
  charge(p: { customer: string; amount: number; currency: string; payment_method?: string; description?: string }): { payment_intent: Obj; charge: Obj } {
    const pm = resolvePaymentMethod(this.em, p.payment_method ?? "pm_card_visa");
    const r = chargeNow(this.em, {
      amount: p.amount,
      currency: p.currency.toLowerCase(),
      customer: p.customer,
      payment_method: pm,
      description: p.description ?? null,
    });
    if (r.error) throw r.error;
    return { payment_intent: r.pi, charge: r.charge };
  }

  /** Marks matching recorded events as never delivered (delivery_success=false) and cancels their queued deliveries. */
  markEventsUndelivered(filter: (event: EventView) => boolean): string[] {
    const ids: string[] = [];
    const em = this.em;
    for (const e of em.store.c.events.items.values()) {
      // `data` is parsed only when the filter reads it: prefer object_id/type for speed
      const view: EventView = {
        id: e.id,
        type: e.type,
        created: e.created,
        object_id: e.object_id,
        get data() {
          return em.renderEvent(e).data;
        },
      };
      if (filter(view)) ids.push(e.id);
    }
    this.em.webhooks.suppress(ids);
    return ids;
  }

  /**
   * Marks the events recorded after event `afterId` up to event `upTo` (both by id: the ids
   * are fixed-width counters that sort like creation order; "" = no bound) as never delivered,
   * like markEventsUndelivered, but walks back from the newest event instead of scanning them
   * all: O(events since). Returns their ids, oldest first.
   */
  markEventsUndeliveredBetween(afterId: string, upTo = ""): string[] {
    const col = this.em.store.c.events;
    const ids: string[] = [];
    for (let i = col.order.length - 1; i >= 0; i--) {
      const id = col.order[i]!;
      if (afterId && id <= afterId) break;
      if (upTo && id > upTo) continue;
      if (col.items.has(id)) ids.push(id);
    }
    ids.reverse();
    this.em.webhooks.suppress(ids);
    return ids;
  }

  /**
   * Forgets events older than Stripe's 30-day retention (relative to the emulator clock). They are
   * already invisible to `GET /v1/events` and retrieve; dropping them frees most of the memory of
   * a long generated history. Returns how many were removed. The scenario generator calls it as
   * its clock advances when asked to (`pruneEvents`). A failed delivery stays on record
   * (`delivery_success=false` bookkeeping, a few bytes) so dropped webhooks remain checkable.
   */
  pruneExpiredEvents(): number {
    const em = this.em;
    const cutoff = em.clock.now() - 30 * 86400;
    const col = em.store.c.events;
    let n = 0;
    for (const e of col.items.values()) {
      if (e.created >= cutoff) break; // creation order = time order
      col.delete(e.id);
      if (em.store.meta.get(e.id)?.delivery !== "failed") em.store.meta.delete(e.id);
      n++;
    }
    if (n) col.compact();
    em.touch();
    return n;
  }

  openDispute(charge: string, reason = "general", amount?: number): Obj {
    return openDisputeOn(this.em, charge, reason, amount);
  }

  closeDispute(dispute: string, outcome: "won" | "lost"): Obj {
    return closeDispute(this.em, dispute, outcome);
  }

  /**
   * A refund recorded beyond what is left of its charge (the public API refuses it with
   * amount_too_large): the record of a refund booked twice, for the billing audit to catch.
   */
  refundBeyondCharge(charge: string, amount: number, reason: string | null = null): Obj {
    return createRefund(this.em, this.em.get("charges", charge, "charge"), amount, reason, {}, "amount", { beyondCharge: true });
  }

  /** The card network returned a refund (`refund.failed`, `refund.updated`, `charge.refund.updated`). */
  failRefund(refund: string, reason?: string): Obj {
    return failRefund(this.em, refund, reason);
  }
}
