import "server-only";
import { projectCreditNote } from "./project-credit-note";
import { projectCustomer, projectPrice } from "./project-customer";
import { projectInvoice } from "./project-invoice";
import { projectSubscription } from "./project-subscription";
import { projectInvoicePayment } from "./project-invoice-payment";
import { projectCharge, projectDispute, projectPaymentIntent, projectRefund } from "./project-payments";
import type { AppliedObject, ProjectionChange, Tx } from "../types";
import { isProjected } from "./upsert-row";
import { idOf } from "../convert";

export async function applyObject(tx: Tx, a: AppliedObject, eventAt: Date | null): Promise<ProjectionChange | null> {
  const o = a.object;
  switch (a.kind) {
    case "customer":
      return projectCustomer(tx, o, eventAt);
    case "price":
      return projectPrice(tx, o);
    case "invoice":
      return projectInvoice(tx, o, eventAt, a.taxRates ?? {});
    case "payment_intent":
      return projectPaymentIntent(tx, o, eventAt);
    case "charge":
      return projectCharge(tx, o, eventAt);
    case "refund":
      return projectRefund(tx, o, eventAt);
    case "credit_note":
      return projectCreditNote(tx, o, eventAt);
    case "dispute":
      return projectDispute(tx, o, eventAt);
    case "subscription":
      return projectSubscription(tx, o, eventAt);
    case "invoice_payment":
      return projectInvoicePayment(tx, o);
  }
}

/**
 * The advisory-lock key of what an applied object writes: an invoice payment writes a row of its
 * invoice, so it takes the invoice's key (and waits for a fetch of that invoice writing its payments).
 */
export const lockKeyOf = (a: AppliedObject): string => (a.kind === "invoice_payment" ? `invoice:${idOf(a.object.invoice)}` : `${a.kind}:${a.object.id}`);

/**
 * Applies what one event brought, parents first. A parent fetched only because a child
 * referenced it is inserted when missing and otherwise left alone: its own events own it.
 * Live processing and replay both go through here, which is what makes replay exact.
 */
export async function applyObjects(
  tx: Tx,
  objects: AppliedObject[],
  eventAt: Date | null,
  opts: { known?: Set<string>; locked?: boolean } = {},
): Promise<ProjectionChange[]> {
  const changes: ProjectionChange[] = [];
  // Two transactions may write the same projection row (an invoice's own event and a credit
  // note bringing that invoice as a missing parent). Each reads the row, then writes: without a
  // lock the later writer acts on a stale read. A transaction-scoped advisory lock per object,
  // taken for all objects at once in sorted order (so never a deadlock), serialises them.
  // `locked`: the caller (replay) already took these locks for its whole batch.
  const keys = [...new Set(objects.map(lockKeyOf))].sort();
  if (!opts.locked) await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest(${keys}::text[]) AS k ORDER BY 1) s`;
  for (const a of objects) {
    const key = `${a.kind}:${a.object.id}`;
    if (a.parentOnly && a.kind !== "invoice_payment") {
      // `known`: objects this caller already wrote (replay), so they exist without asking.
      if (opts.known?.has(key) || (await isProjected(tx, a.kind, a.object.id))) continue;
      const c = await applyObject(tx, a, null);
      opts.known?.add(key);
      if (c) changes.push(c);
      continue;
    }
    const c = await applyObject(tx, a, eventAt);
    if (c) opts.known?.add(key);
    if (c) changes.push(c);
  }
  return changes;
}
