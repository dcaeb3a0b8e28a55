import { randomUUID } from "node:crypto";
import { big, idOf } from "../convert";
import { customerFields } from "../projection/project-customer";
import { chargeFields, nextLastEventAt, paymentIntentFields, refundFields, stale } from "../projection/project-payments";
import type { AppliedObject, StripeJson } from "../types";
import type { InvoiceApplication, InvoiceState } from "./fold-invoice-events";

// Replay's per-batch reduction: the projectors' decisions (project-customer.ts, project-payments.ts)
// run in memory, in processing order, over what the rows held before the batch; only the last
// applicable snapshot of each object is written, once, by apply-batch.ts. Invoices collect their
// applications for fold-invoice-events. Pure: no I/O.

/** A customer row as far as other rows need it (its id) and as the projector decides (deleted is final). */
export interface CustomerState {
  id: string;
  deleted: boolean;
}
/** The staleness fields of a payment intent or refund row (findGuarded). */
export interface GuardedState {
  id: string;
  status: string;
  lastEventAt: Date | null;
}
/** A charge row: its staleness fields, and what a refund takes from it (customer, livemode). */
export interface ChargeState extends GuardedState {
  amountRefunded: bigint;
  customerId: string | null;
  livemode: boolean;
}
export interface InvoiceRowState extends InvoiceState {
  id: string;
}

/** What the rows hold, by Stripe id; null: known to be absent. Loaded before the batch, kept current by the reducer. */
export interface ReplayStates {
  customer: Map<string, CustomerState | null>;
  payment_intent: Map<string, GuardedState | null>;
  charge: Map<string, ChargeState | null>;
  refund: Map<string, GuardedState | null>;
  invoice: Map<string, InvoiceRowState | null>;
}
export type TrackedKind = keyof ReplayStates;
export const emptyStates = (): ReplayStates => ({ customer: new Map(), payment_intent: new Map(), charge: new Map(), refund: new Map(), invoice: new Map() });

/**
 * The kinds the reducer applies; anything else (disputes, subscriptions, deleted customers)
 * applies event by event. Credit notes are applied after the run's other writes, in their order:
 * nothing reduced here reads a credit note, and what a note reads (its invoice's and customer's row
 * ids, which never change, and the refunds it names, which its own event brings first as
 * parents) is the same then as at its place; the refund column it sets is one no refund write touches.
 */
export function reducible(a: AppliedObject): boolean {
  switch (a.kind) {
    case "customer":
      return !a.object.deleted;
    case "price":
    case "invoice":
    case "payment_intent":
    case "charge":
    case "refund":
    case "invoice_payment":
    case "credit_note":
      return true;
    default:
      return false;
  }
}

/** The Stripe ids of the tracked rows these objects write themselves, by kind. */
export function ownIds(objects: AppliedObject[]): Record<TrackedKind, Set<string>> {
  const ids: Record<TrackedKind, Set<string>> = { customer: new Set(), payment_intent: new Set(), charge: new Set(), refund: new Set(), invoice: new Set() };
  for (const { kind, object } of objects) if (kind in ids) ids[kind as TrackedKind].add(object.id);
  return ids;
}

/** The Stripe ids of every row the reducer would read for these objects, by kind. */
export function referencedIds(objects: AppliedObject[]): Record<TrackedKind, Set<string>> {
  const ids: Record<TrackedKind, Set<string>> = { customer: new Set(), payment_intent: new Set(), charge: new Set(), refund: new Set(), invoice: new Set() };
  const add = (k: TrackedKind, v: unknown) => {
    const id = idOf(v);
    if (id) ids[k].add(id);
  };
  for (const { kind, object: o } of objects) {
    if (kind === "customer") add("customer", o.id);
    else if (kind === "invoice") {
      add("invoice", o.id);
      add("customer", o.customer);
    } else if (kind === "payment_intent") {
      add("payment_intent", o.id);
      add("customer", o.customer);
    } else if (kind === "charge") {
      add("charge", o.id);
      add("customer", o.customer);
      add("payment_intent", o.payment_intent);
    } else if (kind === "invoice_payment") add("invoice", o.invoice);
    else if (kind === "refund") {
      add("refund", o.id);
      add("charge", o.charge);
      add("customer", o.customer);
    }
  }
  return ids;
}

type Row = { id: string; stripeId: string } & Record<string, string | bigint | boolean | Date | null>;

export type InvoiceApp = InvoiceApplication & {
  applied: AppliedObject;
  /** The event's time as applyObjects was given it (parentOnly ignores it). */
  at: Date | null;
};

/** The net writes of a run of events: one row per object, prices and invoice applications in order. */
export class BatchReducer {
  customers = new Map<string, Row>();
  paymentIntents = new Map<string, Row>();
  charges = new Map<string, Row>();
  refunds = new Map<string, Row>();
  /** Each price's applications in order (nothing else reads or writes a price). */
  prices = new Map<string, { a: AppliedObject; at: Date | null }[]>();
  creditNotes: { a: AppliedObject; at: Date | null }[] = [];
  invoices = new Map<string, InvoiceApp[]>();
  applied = 0;

  constructor(private readonly states: ReplayStates) {}

  get empty(): boolean {
    return this.applied === 0;
  }

  /** customerIdFor's answer from the states: null without a customer, an error when not projected. */
  private customerId(v: unknown): string | null {
    const stripeId = idOf(v);
    if (!stripeId) return null;
    const c = this.states.customer.get(stripeId);
    if (!c) throw new Error(`customer ${stripeId} is not projected yet`);
    return c.id;
  }

  /** One event's objects, parents first, as applyObjects applies them. */
  apply(objects: AppliedObject[], eventAt: Date | null): void {
    this.applied += 1;
    for (const a of objects) {
      const o: StripeJson = a.object;
      const parentOnly = a.parentOnly === true;
      const at = parentOnly ? null : eventAt;
      switch (a.kind) {
        case "price": {
          const list = this.prices.get(o.id) ?? [];
          list.push({ a, at });
          this.prices.set(o.id, list);
          break;
        }
        case "invoice": {
          const list = this.invoices.get(o.id) ?? [];
          list.push({ inv: o, rates: a.taxRates ?? {}, eventAt, parentOnly, applied: a, at: eventAt });
          this.invoices.set(o.id, list);
          break;
        }
        case "credit_note":
          this.creditNotes.push({ a, at: eventAt });
          break;
        case "invoice_payment": {
          // Ordered with its invoice's snapshots, which write the same payment rows.
          const invoiceId = idOf(o.invoice);
          if (!invoiceId) throw new Error(`invoice payment ${o.id} names no invoice`);
          const list = this.invoices.get(invoiceId) ?? [];
          list.push({ payment: o, applied: a, at: eventAt });
          this.invoices.set(invoiceId, list);
          break;
        }
        case "customer": {
          const st = this.states.customer.get(o.id) ?? null;
          // Parents only insert when missing; deleted is final (the upsert's WHERE NOT deleted).
          if ((parentOnly && st) || st?.deleted) break;
          const id = st?.id ?? randomUUID();
          this.customers.set(o.id, { id, stripeId: o.id, ...customerFields(o) });
          this.states.customer.set(o.id, { id, deleted: false });
          break;
        }
        case "payment_intent": {
          const st = this.states.payment_intent.get(o.id) ?? null;
          if ((parentOnly && st) || stale("payment_intent", st, o.status, at)) break;
          const id = st?.id ?? randomUUID();
          const data = paymentIntentFields(o, this.customerId(o.customer), nextLastEventAt(st, at));
          this.paymentIntents.set(o.id, { id, stripeId: o.id, ...data });
          this.states.payment_intent.set(o.id, { id, status: data.status, lastEventAt: data.lastEventAt });
          break;
        }
        case "charge": {
          const st = this.states.charge.get(o.id) ?? null;
          if ((parentOnly && st) || stale("charge", st, o.status, at, [Number(o.amount_refunded ?? 0)], [Number(st?.amountRefunded ?? 0)])) break;
          const id = st?.id ?? randomUUID();
          const piStripeId = idOf(o.payment_intent);
          const pi = piStripeId ? (this.states.payment_intent.get(piStripeId) ?? null) : null;
          const data = chargeFields(o, this.customerId(o.customer), pi?.id ?? null, nextLastEventAt(st, at));
          this.charges.set(o.id, { id, stripeId: o.id, ...data });
          this.states.charge.set(o.id, {
            id,
            status: data.status,
            lastEventAt: data.lastEventAt,
            amountRefunded: data.amountRefunded,
            customerId: data.customerId,
            livemode: data.livemode,
          });
          break;
        }
        case "refund": {
          const st = this.states.refund.get(o.id) ?? null;
          if ((parentOnly && st) || stale("refund", st, o.status, at)) break;
          const id = st?.id ?? randomUUID();
          const chargeStripeId = idOf(o.charge);
          const charge = chargeStripeId ? (this.states.charge.get(chargeStripeId) ?? null) : null;
          const customerId = charge?.customerId ?? (o.customer ? this.customerId(o.customer) : null);
          const data = refundFields(o, charge, customerId, nextLastEventAt(st, at));
          this.refunds.set(o.id, { id, stripeId: o.id, ...data });
          this.states.refund.set(o.id, { id, status: data.status, lastEventAt: data.lastEventAt });
          break;
        }
        default:
          throw new Error(`replay cannot reduce ${a.kind}`);
      }
    }
  }
}

/** The invoice state a folded write leaves (what projectInvoice's next decision reads). */
export function invoiceStateAfter(
  id: string,
  start: InvoiceState | null,
  f: { inv: StripeJson | null; lastEventAt: Date | null; lines: { inv: StripeJson } | null },
  status: InvoiceState["status"] | null,
): InvoiceRowState | null {
  if (!f.inv || !status) return start ? { ...start, id } : null;
  return {
    id,
    status,
    lastEventAt: f.lastEventAt,
    amountPaid: big(f.inv.amount_paid),
    hasLines: f.lines ? (f.lines.inv.lines?.data?.length ?? 0) > 0 : (start?.hasLines ?? false),
  };
}
