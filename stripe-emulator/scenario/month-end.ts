// Month-end: every subscription renews within minutes. The emulator has no subscriptions, so a
// renewal is what Stripe does for one: pending invoice items for the new period, an invoice,
// finalization and the automatic card payment, which emit the event mix of a real renewal
// (invoiceitem.created, invoice.created, invoice.finalized, payment_intent.created,
// payment_intent.succeeded | payment_failed, charge.succeeded | failed, invoice_payment.paid,
// invoice.paid, invoice.payment_succeeded | payment_failed, invoice.updated …), with Stripe's
// one-second `created` resolution putting several events of one invoice in the same second.
// The customers and the catalogue are made first, with webhooks off; only the renewals are
// delivered (when asked), through the emulator's webhook sender (its concurrency, its retries).
import type { Emulator } from "../src/emulator";
import { call, tryPay } from "./api";
import { ScenarioCtx, monthStart } from "./context";

export interface MonthEndOptions {
  seed: number;
  /** Renewals (one invoice each). */
  invoices: number;
  /** Unix seconds of the renewal burst (default: the start of the month after the emulator's clock). */
  start?: number;
  /** The renewals are spread over this many seconds (default 600: ten minutes). */
  windowSeconds?: number;
  /** Share of renewals whose card is declined (default 0.03). */
  declineRate?: number;
  deliverWebhooks?: boolean;
}

export interface MonthEndManifest {
  kind: "month-end";
  seed: number;
  invoices: number;
  paid: number;
  declined: number;
  window: { start: number; end: number };
  /** Events the renewals emitted, by type. */
  events: Record<string, number>;
}

export function generateMonthEnd(em: Emulator, opts: MonthEndOptions): MonthEndManifest {
  const n = Math.max(0, Math.floor(opts.invoices));
  const window = Math.max(1, Math.floor(opts.windowSeconds ?? 600));
  const ctx = new ScenarioCtx(em, opts.seed | 0);
  const rng = ctx.rng("month-end");
  const webhooksWere = em.webhooks.enabled;
  em.webhooks.enabled = false;
  try {
    ctx.setupCatalog();
    const seat = ctx.price("usd", "seats", "1500");
    const platform = ctx.price("usd", "platform", "4900");
    const customers = Array.from(
      { length: n },
      (_, i) =>
        call(em, "POST", "/v1/customers", { email: `renewal${i}@example.test`, name: `Renewal customer ${i}`, metadata: { scenario: "month-end" } })
          .id as string,
    );
    const start = Math.max(opts.start ?? monthStart(em.clock.now(), 1), em.clock.now());
    const firstEvent = em.store.c.events.size;
    em.webhooks.enabled = opts.deliverWebhooks ?? false;
    let paid = 0;
    let declined = 0;
    const period = { start, end: monthStart(start, 1) };
    for (let i = 0; i < n; i++) {
      em.clock.set(Math.max(em.clock.now(), start + Math.floor((i * window) / Math.max(1, n))));
      const customer = customers[i]!;
      call(em, "POST", "/v1/invoiceitems", { customer, currency: "usd", pricing: { price: seat.id }, quantity: rng.int(1, 40), period });
      if (rng.chance(0.5)) call(em, "POST", "/v1/invoiceitems", { customer, currency: "usd", pricing: { price: platform.id }, quantity: 1, period });
      const draft = call(em, "POST", "/v1/invoices", {
        customer,
        currency: "usd",
        collection_method: "charge_automatically",
        auto_advance: false,
        pending_invoice_items_behavior: "include",
        description: "Subscription renewal",
        metadata: { scenario: "month-end" },
      });
      call(em, "POST", `/v1/invoices/${draft.id}/finalize`, { auto_advance: false });
      const card = rng.chance(opts.declineRate ?? 0.03) ? "pm_card_chargeDeclined" : "pm_card_visa";
      if (tryPay(em, `/v1/invoices/${draft.id}/pay`, { payment_method: card }).ok) paid++;
      else declined++;
    }
    const events: Record<string, number> = {};
    let k = 0;
    for (const e of em.store.c.events.items.values()) if (k++ >= firstEvent) events[e.type as string] = (events[e.type as string] ?? 0) + 1;
    return { kind: "month-end", seed: opts.seed | 0, invoices: n, paid, declined, window: { start, end: start + window }, events };
  } finally {
    em.webhooks.enabled = webhooksWere;
  }
}
