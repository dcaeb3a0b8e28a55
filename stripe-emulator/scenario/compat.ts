import { closeDispute as closeDisputeOn, openDisputeOn } from "../src/resources/disputes";
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

/** Marks the matching events' deliveries as failed; returns the ids of the events marked. */
export function markEventsUndelivered(ctx: ScenarioCtx, filter: { objectIds: string[]; since: number }): string[] {
  const r = need(ctx, "markEventsUndelivered")(filter) as unknown;
  return Array.isArray(r) ? (r as unknown[]).map((x) => (typeof x === "string" ? x : ((x as Obj).id as string))) : [];
}

/** The payment intent and charge behind an invoice's (first) successful payment. */
export function invoicePayment(ctx: ScenarioCtx, invoice: string): { payment_intent: string; charge: string } | null {
  const list = call(ctx.em, "GET", "/v1/invoice_payments", { invoice, limit: 10 });
  for (const p of list.data as Obj[]) {
    if (p.status !== "paid") continue;
    const piId = (p.payment?.payment_intent ?? null) as string | null;
    if (!piId) continue;
    const pi = call(ctx.em, "GET", `/v1/payment_intents/${piId}`);
    return { payment_intent: piId, charge: (typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id) as string };
  }
  return null;
}
