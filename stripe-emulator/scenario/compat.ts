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
}

export function importInvoice(ctx: ScenarioCtx, params: { customer: string; currency: string; collection_method: string; default_tax_rates?: string[]; discounts?: Array<{ coupon: string }>; description: string; lines: ImportLine[] }): Obj {
  return need(ctx, "importInvoice")(params) as Obj;
}

/** Chargebacks: the same functions the control API's dispute endpoints call. */
export function openDispute(ctx: ScenarioCtx, charge: string, amount: number, reason: string): Obj {
  return openDisputeOn(ctx.em, charge, reason, amount);
}

export function closeDispute(ctx: ScenarioCtx, dispute: string, outcome: "won" | "lost"): Obj {
  return closeDisputeOn(ctx.em, dispute, outcome);
}

/**
 * Dropped webhooks are marked in one pass at the end of generation: the emulator's hook
 * scans every recorded event, so one call per injected error would be quadratic.
 * A drop covers the events emitted by one API call: ids in (after, upTo], which works
 * because the emulator's event ids are fixed-width counters (they sort like creation order).
 */
export function latestEventId(ctx: ScenarioCtx): string {
  const page = call(ctx.em, "GET", "/v1/events", { limit: 1 });
  return ((page.data as Obj[])[0]?.id as string) ?? "";
}

export function flushDrops(ctx: ScenarioCtx, drops: Array<{ after: string; upTo: string; events: string[] }>): void {
  if (drops.length === 0) return;
  const sorted = [...drops].sort((a, b) => (a.after < b.after ? -1 : 1));
  const mark = need(ctx, "markEventsUndelivered") as (f: (e: { id: string }) => boolean) => string[];
  mark((e) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = sorted[mid]!;
      if (e.id <= d.after) hi = mid - 1;
      else if (e.id > d.upTo) lo = mid + 1;
      else {
        d.events.push(e.id);
        return true;
      }
    }
    return false;
  });
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
