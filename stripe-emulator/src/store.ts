// In-memory state: one Collection per resource (Map for O(1) lookup + creation order for
// newest-first lists). Plain JSON objects only, so snapshot/restore is a JSON round trip.

export type Obj = Record<string, any>;

/** Fields that never change after creation, indexed so filtered lists stay O(page). */
const INDEXED = ["customer", "invoice", "charge", "payment_intent", "subscription"];

export class Collection {
  items = new Map<string, Obj>();
  order: string[] = [];
  /** id → index in `order`, filled lazily up to `posUpTo` (only cursors need it) */
  private pos = new Map<string, number>();
  private posUpTo = 0;
  /** field → value → ids in creation order (only for indexed fields, set at insert) */
  idx = new Map<string, Map<string, string[]>>();

  /** `indexFields`: which of INDEXED this collection's objects carry (events carry none). */
  constructor(private readonly indexFields: readonly string[] = INDEXED) {}

  get(id: string): Obj | undefined {
    return this.items.get(id);
  }

  /** Index of `id` in `order` (a list cursor), or undefined. */
  position(id: string): number | undefined {
    const order = this.order;
    for (let i = this.posUpTo; i < order.length; i++) this.pos.set(order[i]!, i);
    this.posUpTo = order.length;
    return this.pos.get(id);
  }

  insert(o: Obj): Obj {
    this.items.set(o.id, o);
    this.order.push(o.id);
    for (const f of this.indexFields) {
      const v = o[f];
      if (typeof v !== "string") continue;
      let m = this.idx.get(f);
      if (!m) this.idx.set(f, (m = new Map()));
      const ids = m.get(v);
      if (ids) ids.push(o.id);
      else m.set(v, [o.id]);
    }
    return o;
  }

  /**
   * Ids whose `field` was `value` at creation, oldest first; undefined if the field is not
   * indexed. Callers still filter on the current value (e.g. a detached payment method).
   */
  indexed(field: string, value: string): string[] | undefined {
    if (!this.indexFields.includes(field)) return undefined;
    return this.idx.get(field)?.get(value) ?? [];
  }
  delete(id: string): void {
    // keep the id in `order` (list skips it) so positions of later items stay valid
    this.items.delete(id);
  }

  /**
   * Drops deleted ids from `order` and `pos` once they are most of it (event pruning deletes
   * the oldest events in bulk). Positions change, which is safe: cursors are looked up at use.
   */
  compact(): void {
    if (this.order.length < 1024 || this.items.size * 2 > this.order.length) return;
    this.order = this.order.filter((id) => this.items.has(id));
    this.pos = new Map();
    this.posUpTo = 0;
  }
  get size(): number {
    return this.items.size;
  }
  /** Live objects whose immutable `field` is `value`, oldest first (index lookup, no scan). */
  where(field: string, value: string): Obj[] {
    const ids = this.indexed(field, value);
    if (!ids) throw new Error(`${field} is not indexed`);
    const out: Obj[] = [];
    for (const id of ids) {
      const o = this.items.get(id);
      if (o) out.push(o);
    }
    return out;
  }

  toJSON(): Obj[] {
    return this.order.filter((id) => this.items.has(id)).map((id) => this.items.get(id)!);
  }
  static from(list: Obj[], indexFields: readonly string[] = INDEXED): Collection {
    const c = new Collection(indexFields);
    for (const o of list) c.insert(o);
    return c;
  }
}

export const COLLECTIONS = [
  "customers",
  "products",
  "prices",
  "tax_rates",
  "coupons",
  "discounts",
  "invoiceitems",
  "invoices",
  "payment_methods",
  "payment_intents",
  "charges",
  "refunds",
  "credit_notes",
  "disputes",
  "events",
  "webhook_endpoints",
  "customer_balance_transactions",
  "invoice_payments",
  "balance_transactions",
  "subscriptions",
  "subscription_items",
  "test_clocks",
  "billing_meters",
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Id prefix → collection, used by expand and by generic lookups. */
export const PREFIX: Record<string, CollectionName> = {
  cus: "customers",
  prod: "products",
  price: "prices",
  txr: "tax_rates",
  di: "discounts",
  ii: "invoiceitems",
  in: "invoices",
  pm: "payment_methods",
  pi: "payment_intents",
  ch: "charges",
  re: "refunds",
  cn: "credit_notes",
  dp: "disputes",
  evt: "events",
  we: "webhook_endpoints",
  cbtxn: "customer_balance_transactions",
  inpay: "invoice_payments",
  txn: "balance_transactions",
  sub: "subscriptions",
  si: "subscription_items",
  clock: "test_clocks",
  mtr: "billing_meters",
};

/** Events have none of the INDEXED fields (their object is a JSON snapshot): skip the work. */
function indexFieldsOf(name: CollectionName): readonly string[] {
  return name === "events" ? [] : INDEXED;
}

export class Store {
  c = {} as Record<CollectionName, Collection>;
  /** Full line lists (invoice id / credit note id → lines); objects only embed the first 10. */
  lines = new Map<string, Obj[]>();
  /** Internal bookkeeping that is not part of any Stripe object (exact rationals, links). */
  meta = new Map<string, Obj>();
  /** Per-customer invoice sequence for numbers like ABCD-0001. */
  constructor() {
    for (const n of COLLECTIONS) this.c[n] = new Collection(indexFieldsOf(n));
  }
  toJSON(): Obj {
    const c: Obj = {};
    for (const n of COLLECTIONS) c[n] = this.c[n].toJSON();
    return { c, lines: Object.fromEntries(this.lines), meta: Object.fromEntries(this.meta) };
  }
  static from(j: Obj): Store {
    const s = new Store();
    for (const n of COLLECTIONS) s.c[n] = Collection.from(j.c?.[n] ?? [], indexFieldsOf(n));
    s.lines = new Map(Object.entries(j.lines ?? {}));
    s.meta = new Map(Object.entries(j.meta ?? {}));
    return s;
  }
}

/**
 * A deep copy equal to `JSON.parse(JSON.stringify(v))` for the plain JSON data the store holds,
 * without the intermediate text: object keys in the same order, `undefined`/function/symbol
 * properties left out, in arrays written as null, non-finite numbers as null. A value with a
 * `toJSON` (a Date) goes through JSON itself, so the result never differs from the round trip.
 * Used where an event's `previous_attributes` needs a snapshot of a nested structure (a renewal's
 * previous subscription items: one per renewal, hundreds of thousands in a large clock advance).
 */
export function cloneJSON<T>(v: T): T {
  return cloneValue(v, false) as T;
}

function cloneValue(v: unknown, inArray: boolean): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null; // -0 is written "0"
    case "object":
      break;
    default:
      // undefined, function, symbol: dropped from objects, null in arrays (bigint: JSON throws)
      if (typeof v === "bigint") return JSON.parse(JSON.stringify(v));
      return inArray ? null : undefined;
  }
  if (v === null) return null;
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") return JSON.parse(JSON.stringify(v));
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneValue(v[i], true);
    return out;
  }
  const out: Obj = {};
  for (const k of Object.keys(v)) {
    const c = cloneValue((v as Obj)[k], false);
    if (c === undefined) continue;
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype
    if (k === "__proto__") Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}
