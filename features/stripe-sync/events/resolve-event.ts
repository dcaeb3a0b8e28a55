import "server-only";
import type { Db } from "@/lib/db";
import { idOf } from "../convert";
import { eventFamilyOf } from "./event-types";
import type { ObjectSource } from "./stripe-source";
import type { AppliedObject, Kind, StripeJson } from "../types";
import { isProjected } from "../projection/upsert-row";

export const RESYNC_EVENT_TYPE = "settle.resync";

const KIND_BY_OBJECT: Record<string, Kind> = {
  customer: "customer",
  invoice: "invoice",
  payment_intent: "payment_intent",
  charge: "charge",
  refund: "refund",
  credit_note: "credit_note",
  dispute: "dispute",
  price: "price",
  subscription: "subscription",
};

export type Target = { kind: Kind; id: string; deleted?: boolean };

/** Which object an event is about, or null for a type Settle does not project. */
export function targetOf(type: string, object: StripeJson | undefined): Target | null {
  if (!object || typeof object.id !== "string") return null;
  if (type === RESYNC_EVENT_TYPE) {
    const kind = KIND_BY_OBJECT[object.object];
    return kind ? { kind, id: object.id } : null;
  }
  const family = eventFamilyOf(type);
  if (!family) return null;
  if (family.key === "invoice") {
    const inv = idOf(object.invoice);
    return inv ? { kind: family.kind, id: inv } : null;
  }
  return family.deletedType ? { kind: family.kind, id: object.id, deleted: type === family.deletedType } : { kind: family.kind, id: object.id };
}

function parentRefs(kind: Kind, o: StripeJson): { kind: Kind; id: string }[] {
  const refs: { kind: Kind; id: string | null }[] = [];
  switch (kind) {
    case "invoice":
      refs.push({ kind: "customer", id: idOf(o.customer) });
      break;
    case "payment_intent":
      refs.push({ kind: "customer", id: idOf(o.customer) });
      break;
    case "charge":
      refs.push({ kind: "customer", id: idOf(o.customer) }, { kind: "payment_intent", id: idOf(o.payment_intent) });
      break;
    case "refund":
      refs.push({ kind: "charge", id: idOf(o.charge) }, { kind: "customer", id: idOf(o.customer) });
      break;
    case "credit_note":
      refs.push({ kind: "customer", id: idOf(o.customer) }, { kind: "invoice", id: idOf(o.invoice) });
      // its refunds, so the note can mark them as its own when it is applied
      for (const r of o.refunds ?? []) refs.push({ kind: "refund", id: idOf(r.refund) });
      break;
    case "dispute":
      refs.push({ kind: "charge", id: idOf(o.charge) });
      break;
    case "subscription":
      // its customer, and the prices of its items (fetched with their tiers: a webhook's item
      // price never carries them)
      refs.push({ kind: "customer", id: idOf(o.customer) });
      for (const item of o.items?.data ?? []) refs.push({ kind: "price", id: idOf(item.price) });
      break;
    default:
      break;
  }
  return refs.filter((r): r is { kind: Kind; id: string } => !!r.id);
}

/**
 * Which of the customers and payment intents the given payloads refer to Settle holds already, in
 * two indexed reads for a whole batch (keys "kind:id"): resolveEvent then skips asking one by one.
 * A projected customer or payment intent is never deleted (a deleted Stripe customer is a flag on
 * its row), so `projected` stays true for the batch. `absent`: the ones not held when asked; one
 * may be inserted meanwhile (another event, another processor), so it is brought as a missing
 * parent and only inserted if still missing (applyObjects' parentOnly; at worst a needless fetch).
 */
export async function projectedParents(db: Db, payloads: (StripeJson | undefined)[]): Promise<{ projected: Set<string>; absent: Set<string> }> {
  const customers = new Set<string>();
  const intents = new Set<string>();
  for (const o of payloads) {
    const customer = o ? idOf(o.customer) : null;
    if (customer) customers.add(customer);
    const intent = o?.object === "charge" ? idOf(o.payment_intent) : null;
    if (intent) intents.add(intent);
  }
  const [c, p] = await Promise.all([
    customers.size ? db.$queryRaw<{ id: string }[]>`SELECT "stripeId" AS id FROM "Customer" WHERE "stripeId" = ANY(${[...customers]}::text[])` : [],
    intents.size ? db.$queryRaw<{ id: string }[]>`SELECT "stripeId" AS id FROM "PaymentIntent" WHERE "stripeId" = ANY(${[...intents]}::text[])` : [],
  ]);
  const projected = new Set([...c.map((r) => `customer:${r.id}`), ...p.map((r) => `payment_intent:${r.id}`)]);
  const asked = [...[...customers].map((id) => `customer:${id}`), ...[...intents].map((id) => `payment_intent:${id}`)];
  return { projected, absent: new Set(asked.filter((k) => !projected.has(k))) };
}

async function taxRatesFor(source: ObjectSource, kind: Kind, o: StripeJson) {
  if (kind !== "invoice") return undefined;
  const ids = new Set<string>();
  for (const t of o.total_taxes ?? []) if (t.tax_rate_details?.tax_rate) ids.add(t.tax_rate_details.tax_rate);
  for (const l of o.lines?.data ?? []) for (const t of l.taxes ?? []) if (t.tax_rate_details?.tax_rate) ids.add(t.tax_rate_details.tax_rate);
  return ids.size ? source.taxRates([...ids]) : {};
}

/**
 * Reads the truth for one event: the latest object from the API, or the event's own snapshot
 * when the processor decided it is safe to apply (`mode` "snapshot", refetch-decision.ts; a resync
 * row's listed object always is one), preceded by any parent Settle has not projected yet (an invoice.paid before
 * its customer, a refund before its charge …). Network only: no transaction is open here.
 */
export async function resolveEvent(
  db: Db,
  source: ObjectSource,
  type: string,
  payloadObject: StripeJson,
  target: Target,
  mode: "fetch" | "snapshot" = "fetch",
  parents: {
    /** Parents known to be projected already ("kind:id", projectedParents): not asked again. */
    projected?: ReadonlySet<string>;
    /** Parents found missing by the same batch read: not asked again either (see projectedParents). */
    absent?: ReadonlySet<string>;
    /** A missing parent's snapshot the processor decided may stand for fetching it (null: fetch). */
    fromInbox?: (kind: Kind, id: string) => Promise<StripeJson | null>;
  } = {},
): Promise<AppliedObject[]> {
  let main: StripeJson | null;
  if (type === RESYNC_EVENT_TYPE) main = await source.complete(target.kind, payloadObject);
  // A deletion's payload is the object as it was; the deletion itself is final.
  else if (mode === "snapshot") main = await source.complete(target.kind, target.deleted ? { ...payloadObject, id: target.id, deleted: true } : payloadObject);
  else main = await source.retrieve(target.kind, target.id);
  if (!main) {
    // Gone from the API: only deletions can be applied from the event itself.
    if (target.kind === "invoice" || target.kind === "customer" || target.kind === "price") main = { ...payloadObject, id: target.id, deleted: true };
    else throw new Error(`${target.kind} ${target.id} not found in Stripe`);
  }
  const out: AppliedObject[] = [];
  const seen = new Set<string>([`${target.kind}:${target.id}`]);
  async function addParents(kind: Kind, o: StripeJson) {
    for (const ref of parentRefs(kind, o)) {
      const key = `${ref.kind}:${ref.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (parents.projected?.has(key) || (!parents.absent?.has(key) && (await isProjected(db, ref.kind, ref.id)))) continue;
      const delivered = parents.fromInbox ? await parents.fromInbox(ref.kind, ref.id) : null;
      const parent = delivered ? await source.complete(ref.kind, delivered) : await source.retrieve(ref.kind, ref.id);
      if (!parent) continue;
      await addParents(ref.kind, parent);
      out.push({ kind: ref.kind, object: parent, parentOnly: true, taxRates: await taxRatesFor(source, ref.kind, parent) });
    }
  }
  await addParents(target.kind, main);
  out.push({ kind: target.kind, object: main, taxRates: await taxRatesFor(source, target.kind, main) });
  return out;
}
