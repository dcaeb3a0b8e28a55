import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { syncCustomerLinks } from "@/features/auth/customer-links";
import { applyObjects } from "../projection/apply-objects";
import { priceFields } from "../projection/project-customer";
import { toInvoiceStatus } from "../projection/status-order";
import { upsertManyByStripeId, type ColumnType } from "../projection/upsert-many";
import { writeFoldedInvoices, type FoldedInvoiceWrite } from "../projection/write-invoices-batch";
import { idOf } from "../convert";
import type { AppliedObject, ProjectionChange, Tx } from "../types";
import { BatchReducer, emptyStates, invoiceStateAfter, ownIds, reducible, referencedIds, type ReplayStates, type TrackedKind } from "./batch-reducer";
import { foldInvoiceEvents, UNFOLDABLE, type InvoiceApplication } from "./fold-invoice-events";

// Applied event by event (what the reducer leaves to the projectors), their changes collected when asked.
// (Not `changes?.push(...(await …))`: optional chaining would skip the write itself without a collector.)
async function applyOne(tx: Tx, objects: AppliedObject[], at: Date | null, changes?: ProjectionChange[]): Promise<void> {
  const c = await applyObjects(tx, objects, at, { locked: true });
  changes?.push(...c);
}

const TYPES: Record<"customer" | "payment_intent" | "charge" | "refund", Record<string, ColumnType>> = {
  customer: { balance: "bigint", livemode: "boolean", stripeCreated: "timestamp" },
  payment_intent: { amount: "bigint", amountReceived: "bigint", livemode: "boolean", stripeCreated: "timestamp", lastEventAt: "timestamp" },
  charge: {
    amount: "bigint",
    amountCaptured: "bigint",
    amountRefunded: "bigint",
    paid: "boolean",
    refunded: "boolean",
    disputed: "boolean",
    livemode: "boolean",
    stripeCreated: "timestamp",
    lastEventAt: "timestamp",
  },
  refund: { amount: "bigint", livemode: "boolean", stripeCreated: "timestamp", lastEventAt: "timestamp" },
};

/**
 * Reads what the rows hold for these Stripe ids (one statement per kind), into `states`; ids
 * without a row are recorded as absent. `force` re-reads ids already held (after an event
 * applied one by one wrote them).
 */
export async function loadStates(tx: Tx, states: ReplayStates, ids: Record<TrackedKind, Set<string>>, force = false): Promise<void> {
  const want = (k: TrackedKind) => [...ids[k]].filter((id) => force || !states[k].has(id));
  const absent = (k: TrackedKind, list: string[]) => {
    for (const id of list) states[k].set(id, null);
  };
  const customers = want("customer");
  if (customers.length) {
    absent("customer", customers);
    const rows = await tx.$queryRaw<{ stripeId: string; id: string; deleted: boolean }[]>`
      SELECT "stripeId", id, deleted FROM "Customer" WHERE "stripeId" = ANY(${customers}::text[])`;
    for (const r of rows) states.customer.set(r.stripeId, { id: r.id, deleted: r.deleted });
  }
  for (const [k, table] of [
    ["payment_intent", "PaymentIntent"],
    ["refund", "Refund"],
  ] as const) {
    const list = want(k);
    if (!list.length) continue;
    absent(k, list);
    const rows =
      table === "PaymentIntent"
        ? await tx.$queryRaw<{ stripeId: string; id: string; status: string; lastEventAt: Date | null }[]>`
            SELECT "stripeId", id, status, "lastEventAt" FROM "PaymentIntent" WHERE "stripeId" = ANY(${list}::text[])`
        : await tx.$queryRaw<{ stripeId: string; id: string; status: string; lastEventAt: Date | null }[]>`
            SELECT "stripeId", id, status, "lastEventAt" FROM "Refund" WHERE "stripeId" = ANY(${list}::text[])`;
    for (const r of rows) states[k].set(r.stripeId, { id: r.id, status: r.status, lastEventAt: r.lastEventAt });
  }
  const charges = want("charge");
  if (charges.length) {
    absent("charge", charges);
    const rows = await tx.$queryRaw<
      { stripeId: string; id: string; status: string; lastEventAt: Date | null; amountRefunded: bigint; customerId: string | null; livemode: boolean }[]
    >`SELECT "stripeId", id, status, "lastEventAt", "amountRefunded", "customerId", livemode FROM "Charge" WHERE "stripeId" = ANY(${charges}::text[])`;
    for (const { stripeId, ...r } of rows) states.charge.set(stripeId, r);
  }
  const invoices = want("invoice");
  if (invoices.length) {
    absent("invoice", invoices);
    const rows = await tx.$queryRaw<{ stripeId: string; id: string; status: string; lastEventAt: Date | null; amountPaid: bigint; hasLines: boolean }[]>`
      SELECT i."stripeId", i.id, i.status::text AS status, i."lastEventAt", i."amountPaid",
             EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i.id) AS "hasLines"
        FROM "Invoice" i WHERE i."stripeId" = ANY(${invoices}::text[])`;
    for (const { stripeId, status, ...r } of rows) states.invoice.set(stripeId, { ...r, status: toInvoiceStatus(status.toLowerCase()) });
  }
}

/**
 * Nothing else reads or writes a price. A price whose applications in the run are all plain
 * snapshots (no parent copy, no deletion) ends as projectPrice's upsert of the last one leaves it,
 * with the tiers of the last that carried them (one without leaves them alone): one multi-row
 * upsert for all of those; any other price applies its snapshots one by one, in order.
 */
async function writePrices(tx: Tx, r: BatchReducer, changes?: ProjectionChange[]): Promise<void> {
  const rows: (ReturnType<typeof priceFields> & { id: string; tiersJson: string | null })[] = [];
  for (const [id, ops] of r.prices) {
    if (ops.some((o) => o.a.parentOnly || o.a.object.deleted)) {
      for (const o of ops) await applyOne(tx, [o.a], o.at, changes);
      continue;
    }
    const tiers = [...ops].reverse().find((o) => Array.isArray(o.a.object.tiers));
    rows.push({ ...priceFields(ops[ops.length - 1].a.object), id, tiersJson: tiers ? JSON.stringify(priceFields(tiers.a.object).tiers) : null });
  }
  if (!rows.length) return;
  for (const x of rows) changes?.push({ kind: "price", stripeId: x.id });
  const col = <T>(f: (x: (typeof rows)[number]) => T) => rows.map(f);
  await tx.$executeRaw`
    INSERT INTO "Price" AS x (id, "productId", "productName", currency, "unitAmount", "unitAmountDecimal", "recurringInterval", "recurringIntervalCount",
                              "billingScheme", "tiersMode", "transformQuantity", "usageType", "meterId", active, "stripeCreated", tiers, "updatedAt")
    SELECT id, pid, pn, cur, ua::bigint, uad::numeric, ri, ric::int, bs, tm, tq::jsonb, ut, mid, act, (sc::timestamptz AT TIME ZONE 'UTC'), ti::jsonb, (now() AT TIME ZONE 'UTC')
      FROM unnest(${col((x) => x.id)}::text[], ${col((x) => x.productId)}::text[], ${col((x) => x.productName)}::text[], ${col((x) => x.currency)}::text[],
                  ${col((x) => x.unitAmount?.toString() ?? null)}::text[], ${col((x) => x.unitAmountDecimal)}::text[], ${col((x) => x.recurringInterval)}::text[],
                  ${col((x) => (x.recurringIntervalCount === null ? null : String(x.recurringIntervalCount)))}::text[], ${col((x) => x.billingScheme)}::text[],
                  ${col((x) => x.tiersMode)}::text[], ${col((x) => (x.transformQuantity === Prisma.DbNull ? null : JSON.stringify(x.transformQuantity)))}::text[],
                  ${col((x) => x.usageType)}::text[], ${col((x) => x.meterId)}::text[], ${col((x) => x.active)}::boolean[],
                  ${col((x) => x.stripeCreated.toISOString())}::text[], ${col((x) => x.tiersJson)}::text[])
           AS t(id, pid, pn, cur, ua, uad, ri, ric, bs, tm, tq, ut, mid, act, sc, ti)
    ON CONFLICT (id) DO UPDATE SET "productId" = EXCLUDED."productId", "productName" = EXCLUDED."productName", currency = EXCLUDED.currency,
      "unitAmount" = EXCLUDED."unitAmount", "unitAmountDecimal" = EXCLUDED."unitAmountDecimal", "recurringInterval" = EXCLUDED."recurringInterval",
      "recurringIntervalCount" = EXCLUDED."recurringIntervalCount", "billingScheme" = EXCLUDED."billingScheme", "tiersMode" = EXCLUDED."tiersMode",
      "transformQuantity" = EXCLUDED."transformQuantity", "usageType" = EXCLUDED."usageType", "meterId" = EXCLUDED."meterId", active = EXCLUDED.active,
      "stripeCreated" = EXCLUDED."stripeCreated", tiers = COALESCE(EXCLUDED.tiers, x.tiers), "updatedAt" = EXCLUDED."updatedAt"`;
}

/**
 * Writes what a reducer collected, parents first (customers, then payment intents, charges and
 * refunds, then invoices), each table once: the rows are the last snapshot each object's own
 * rules let through, so the result is what applying the events one by one leaves.
 * `changes`: collects what the projectors would have reported (one per written object).
 */
export async function flushReducer(tx: Tx, r: BatchReducer, states: ReplayStates, changes?: ProjectionChange[]): Promise<void> {
  if (r.empty) return;
  await writePrices(tx, r, changes);
  const customers = [...r.customers.values()];
  await upsertManyByStripeId(tx, "Customer", customers, TYPES.customer, {
    conflictWhere: "NOT x.deleted",
    extraInsert: { updatedAt: "(now() AT TIME ZONE 'UTC')" },
  });
  if (customers.length) {
    // projectCustomer re-derives who may see a written customer (syncCustomerLinks); it changes
    // nothing for a customer with no link and no verified user at its address, so only the others go through it.
    const linked = await tx.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM "Customer" c WHERE c.id = ANY(${customers.map((c) => c.id)}::text[])
         AND (EXISTS (SELECT 1 FROM "UserCustomer" uc WHERE uc."customerId" = c.id)
              OR EXISTS (SELECT 1 FROM "User" u WHERE u.email = lower(c.email) AND u."emailVerified" IS NOT NULL))`;
    for (const { id } of linked) await syncCustomerLinks(tx, id);
  }
  await upsertManyByStripeId(tx, "PaymentIntent", [...r.paymentIntents.values()], TYPES.payment_intent);
  await upsertManyByStripeId(tx, "Charge", [...r.charges.values()], TYPES.charge);
  await upsertManyByStripeId(tx, "Refund", [...r.refunds.values()], TYPES.refund);
  if (changes) {
    for (const c of customers) changes.push({ kind: "customer", stripeId: c.stripeId, customerId: c.id });
    for (const [kind, rows] of [
      ["payment_intent", r.paymentIntents],
      ["charge", r.charges],
      ["refund", r.refunds],
    ] as const) {
      for (const row of rows.values()) changes.push({ kind, stripeId: row.stripeId, customerId: (row.customerId as string | null) ?? null });
    }
  }
  if (r.invoices.size) await writeInvoices(tx, r, states, changes);
  // Credit notes last, in order (see reducible): their invoices, customers and refunds are written now.
  for (const c of r.creditNotes) await applyOne(tx, [c.a], c.at, changes);
}

async function writeInvoices(tx: Tx, r: BatchReducer, states: ReplayStates, changes?: ProjectionChange[]): Promise<void> {
  await loadStates(tx, states, { customer: new Set(), payment_intent: new Set(), charge: new Set(), refund: new Set(), invoice: new Set(r.invoices.keys()) });
  const writes: FoldedInvoiceWrite[] = [];
  const unfoldable: string[] = [];
  for (const [stripeId, apps] of r.invoices) {
    const start = states.invoice.get(stripeId) ?? null;
    const f = foldInvoiceEvents(start, apps as InvoiceApplication[]);
    if (f === UNFOLDABLE) {
      unfoldable.push(stripeId);
      continue;
    }
    if (!f) continue;
    let customerId: string | null = null;
    if (f.inv) {
      const customer = idOf(f.inv.customer);
      customerId = (customer ? states.customer.get(customer)?.id : undefined) ?? null;
      if (!customerId) throw new Error(`customer ${customer} is not projected yet`);
    }
    const id = start?.id ?? randomUUID();
    writes.push({ id, customerId, ...f });
    // (only payments delivered: the row's customer is not read here; the audit goes by invoiceId)
    changes?.push({ kind: "invoice", stripeId, customerId, invoiceId: id });
    states.invoice.set(stripeId, invoiceStateAfter(id, start, f, f.inv ? toInvoiceStatus(f.inv.status) : null));
  }
  await writeFoldedInvoices(tx, writes);
  // What the fold cannot decide (deleted invoices, a rewrite to no lines) applies event by event,
  // after the rest of the run: nothing else in it reads an invoice.
  for (const stripeId of unfoldable) {
    for (const app of r.invoices.get(stripeId)!) await applyOne(tx, [app.applied], app.at, changes);
    states.invoice.delete(stripeId);
  }
}

/** One event's applied objects and the time they apply with (null: an authoritative listing). */
export interface EventApplication {
  appliedObjects: AppliedObject[];
  eventAt: Date | null;
}

/**
 * Several events' objects applied in processing order, as applying them one by one would leave
 * the projections (replay's batches, and the live processor's group of snapshot-decided events).
 * Events whose objects the reducer handles (customers, prices, invoices and their delivered
 * payments, payment intents, charges, refunds: nearly all of them) are reduced in memory to one
 * write per object and table (batch-reducer.ts); any other event (a dispute, a subscription, a
 * deleted customer) first has what came before it written, then applies as live sync applies it,
 * and the rows it wrote are read again. The caller holds every object's advisory lock.
 * `changes`: collects the projection changes to announce after commit.
 */
export async function applyEventsReduced(tx: Tx, events: EventApplication[], changes?: ProjectionChange[]): Promise<void> {
  const states = emptyStates();
  await loadStates(tx, states, referencedIds(events.flatMap((ev) => ev.appliedObjects.filter(reducible))));
  let reducer = new BatchReducer(states);
  for (const ev of events) {
    if (ev.appliedObjects.every(reducible)) {
      reducer.apply(ev.appliedObjects, ev.eventAt);
      continue;
    }
    await flushReducer(tx, reducer, states, changes);
    reducer = new BatchReducer(states);
    await applyOne(tx, ev.appliedObjects, ev.eventAt, changes);
    await loadStates(tx, states, ownIds(ev.appliedObjects), true);
  }
  await flushReducer(tx, reducer, states, changes);
}
