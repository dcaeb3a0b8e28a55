import { closeDispute as closeDisputeOn, openDisputeOn } from "../src/resources/disputes";
import { recordInvoicePayment } from "../src/resources/invoice-pay";
import { buildNoteLines, noteTotals } from "../src/resources/credit-note-calc";
import { call, type Obj } from "./api";
import type { ScenarioCtx } from "./context";

/**
 * The few operations Stripe's public API has no endpoint for (opening a chargeback,
 * importing an invoice with explicit line amounts, dropping webhook deliveries) go through
 * the emulator's internal hooks. They are isolated here so a change of the hook's shape
 * touches one file.
 */
function internal(ctx: ScenarioCtx): Record<string, any> {
  return (ctx.em as unknown as { internal: Record<string, any> }).internal;
}

function need(ctx: ScenarioCtx, name: string): (...args: any[]) => any {
  const i = internal(ctx);
  const fn = i?.[name];
  if (typeof fn !== "function") throw new Error(`emulator.internal.${name} is missing`);
  return fn.bind(i);
}

export interface ImportLine {
  price: string;
  description: string;
  quantity: number;
  unit_amount_decimal: string;
  amount: number;
  period: { start: number; end: number };
  discounts?: Array<{ coupon: string }>;
  /** A subscription item line (a proration, possibly crediting a line), as the emulator's hook takes it. */
  subscription_item?: {
    subscription: string;
    subscription_item: string;
    proration: boolean;
    credited_items?: { invoice: string; invoice_line_items: string[] } | null;
  };
}

export function importInvoice(
  ctx: ScenarioCtx,
  params: {
    customer: string;
    currency: string;
    collection_method: string;
    days_until_due?: number;
    default_tax_rates?: string[];
    discounts?: Array<{ coupon: string }>;
    description: string;
    lines: ImportLine[];
    total_adjustment?: number;
  },
): Obj {
  return need(ctx, "importInvoice")(params) as Obj;
}

/** One payment of part of an open invoice (an instalment): its own payment intent, charge and InvoicePayment. */
export function payPart(ctx: ScenarioCtx, invoice: string, paymentMethod: string, amount: number): { payment_intent: Obj; charge: Obj } {
  return need(ctx, "payInvoiceAgain")(invoice, paymentMethod, amount) as { payment_intent: Obj; charge: Obj };
}

/** A refund Stripe would refuse (more than is left of the charge): a refund booked twice. */
export function refundBeyondCharge(ctx: ScenarioCtx, charge: string, amount: number, reason: string | null): Obj {
  return need(ctx, "refundBeyondCharge")(charge, amount, reason) as Obj;
}

/** Chargebacks: the same functions the control API's dispute endpoints call. */
export function openDispute(ctx: ScenarioCtx, charge: string, amount: number, reason: string): Obj {
  return openDisputeOn(ctx.em, charge, reason, amount);
}

export function closeDispute(ctx: ScenarioCtx, dispute: string, outcome: "won" | "lost"): Obj {
  return closeDisputeOn(ctx.em, dispute, outcome);
}

/**
 * Dropped webhooks: the events in (after, upTo] (one API call's events; the emulator's event
 * ids are fixed-width counters, so they sort like creation order) are marked never delivered,
 * right away. The emulator's hook walks back from the newest event, so this costs O(events
 * since) and works with event pruning (marking them at the end, they could be gone).
 */
export function latestEventId(ctx: ScenarioCtx): string {
  const page = call(ctx.em, "GET", "/v1/events", { limit: 1 });
  return ((page.data as Obj[])[0]?.id as string) ?? "";
}

export function dropEvents(ctx: ScenarioCtx, after: string, upTo: string): string[] {
  return need(ctx, "markEventsUndeliveredBetween")(after, upTo) as string[];
}

/** Forgets events past Stripe's 30-day retention (see ScenarioOptions.pruneEvents). */
export function pruneExpiredEvents(ctx: ScenarioCtx): number {
  return need(ctx, "pruneExpiredEvents")() as number;
}

/**
 * The payment intent and charge behind an invoice's (first) successful payment. Reads the
 * invoice's own payment list (O(1)); GET /v1/invoice_payments?invoice= scans every payment.
 */
export function invoicePayment(ctx: ScenarioCtx, invoice: string): { payment_intent: string; charge: string } | null {
  const list = ctx.em.invoicePaymentsList(invoice);
  for (const p of list.data as Obj[]) {
    if (p.status !== "paid") continue;
    const piId = (p.payment?.payment_intent ?? null) as string | null;
    if (!piId) continue;
    const pi = call(ctx.em, "GET", `/v1/payment_intents/${piId}`);
    return { payment_intent: piId, charge: (typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id) as string };
  }
  return null;
}

/**
 * Records a second, successful payment intent as a payment of an already paid invoice
 * (Stripe's `attach_payment`); the excess shows as `amount_overpaid` and a second
 * InvoicePayment. Falls back to the emulator's own bookkeeping when the endpoint is absent.
 */
export function attachPayment(ctx: ScenarioCtx, invoice: string, paymentIntent: string, amount: number): void {
  const res = ctx.em.api("POST", `/v1/invoices/${invoice}/attach_payment`, { payment_intent: paymentIntent });
  if (res.status === 200) return;
  if (res.status !== 404) throw new Error(`attach_payment ${invoice}: ${res.status} ${JSON.stringify(res.body)}`);
  const inv = ctx.em.store.c.invoices.get(invoice);
  if (!inv) throw new Error(`no invoice ${invoice}`);
  recordInvoicePayment(ctx.em, inv, paymentIntent, amount);
}

/**
 * The total a credit note would have, from the emulator's own credit-note math. Its
 * preview endpoint already insists on the refund/credit split, which is what we need
 * the total for.
 */
export function creditNoteTotal(ctx: ScenarioCtx, invoice: string, params: Obj): number {
  const inv = ctx.em.store.c.invoices.get(invoice);
  if (!inv) throw new Error(`no invoice ${invoice}`);
  return noteTotals(buildNoteLines(ctx.em, inv, params, true)).total;
}
