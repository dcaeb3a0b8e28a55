// Customers and customer balance transactions.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { createdFilter, andFilters, listCollection } from "../list";
import { int, metadata, obj, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { base62 } from "../ids";
import { attachPaymentMethod } from "./payment-methods";
import { checkAmountForCurrency } from "./invoice-build";

const UPDATABLE = ["email", "name", "description", "phone"] as const;

export function registerCustomers(r: Router): void {
  r.add("POST", "/v1/customers", ({ em, p }) => {
    // A customer made on a test clock lives at the clock's time (src/resources/test-clocks.ts).
    const clockId = str(p, "test_clock");
    if (!clockId) return createCustomer(em, p, null);
    const clock = em.get("test_clocks", clockId, "test_helpers.test_clock", "test_clock");
    return em.clock.at(clock.frozen_time, () => createCustomer(em, p, clock.id));
  });

  r.add("GET", "/v1/customers/:id", ({ em, path }) => {
    const c = em.store.c.customers.get(path.id);
    if (!c && em.store.meta.get(path.id)?.deleted) return { id: path.id, object: "customer", deleted: true };
    return em.get("customers", path.id, "customer");
  });

  r.add("POST", "/v1/customers/:id", ({ em, p, path }) => updateCustomer(em, em.get("customers", path.id, "customer"), p));

  r.add("DELETE", "/v1/customers/:id", ({ em, path }) => {
    const c = em.get("customers", path.id, "customer");
    em.store.c.customers.delete(c.id);
    em.store.meta.set(c.id, { ...(em.store.meta.get(c.id) ?? {}), deleted: true });
    em.emit("customer.deleted", c);
    return { id: c.id, object: "customer", deleted: true };
  });

  r.add("GET", "/v1/customers", ({ em, p, url }) => {
    const email = str(p, "email");
    return listCollection(em.store.c.customers, p, url, andFilters(email ? (c) => c.email === email : undefined, createdFilter(p)));
  });

  r.add("POST", "/v1/customers/:id/balance_transactions", ({ em, p, path }) => {
    const c = em.get("customers", path.id, "customer");
    const amount = int(p, "amount", true)!;
    const currency = str(p, "currency", true)!.toLowerCase();
    if (c.currency && c.currency !== currency) throw invalid(`Customer balance currency is ${c.currency}.`, "currency");
    checkAmountForCurrency(amount, currency, "amount");
    return adjustBalance(em, c, amount, currency, "adjustment", { description: str(p, "description") ?? null, metadata: metadata(p) });
  });

  r.add("GET", "/v1/customers/:id/balance_transactions", ({ em, p, path, url }) => {
    em.get("customers", path.id, "customer");
    return listCollection(em.store.c.customer_balance_transactions, p, url, (t) => t.customer === path.id, { field: "customer", value: path.id });
  });

  r.add("GET", "/v1/customers/:id/balance_transactions/:sub", ({ em, path }) => {
    const t = em.get("customer_balance_transactions", path.sub, "customer balance transaction");
    if (t.customer !== path.id) throw invalid(`No such customer balance transaction: '${path.sub}'`, "id", "resource_missing");
    return t;
  });
}

/** Deterministic 8-char uppercase prefix per customer, used in invoice numbers. */
function invoicePrefix(seed: number, seq: number): string {
  const n = (BigInt(seq) * 2654435761n + BigInt(seed >>> 0) * 40503n + 0x1a2b3c4dn) % 2821109907456n; // 36^8
  return n.toString(36).toUpperCase().padStart(8, "0").slice(0, 8).replace(/^0/, "A") || base62(1n, 8);
}

export function updateCustomer(em: Emulator, c: Obj, p: Params): Obj {
  const prev: Obj = {};
  for (const k of UPDATABLE) {
    if (p[k] === undefined) continue;
    prev[k] = c[k];
    c[k] = str(p, k) ?? null;
  }
  if (p.metadata !== undefined) {
    prev.metadata = c.metadata;
    c.metadata = metadata(p, c.metadata);
  }
  const is = obj(p, "invoice_settings");
  if (is && is.default_payment_method !== undefined) {
    prev.invoice_settings = { ...c.invoice_settings };
    const pm = (is.default_payment_method as string) || null;
    if (pm) {
      const o = em.get("payment_methods", pm, "PaymentMethod", "invoice_settings[default_payment_method]");
      if (o.customer !== c.id) throw invalid(`The payment method ${pm} is not attached to customer ${c.id}.`, "invoice_settings[default_payment_method]");
    }
    c.invoice_settings = { ...c.invoice_settings, default_payment_method: pm };
  }
  if (p.balance !== undefined) {
    prev.balance = c.balance;
    c.balance = int(p, "balance")!;
  }
  if (Object.keys(prev).length) em.emit("customer.updated", c, prev);
  return c;
}

/** Moves the customer balance (negative = credit) and records a customer balance transaction. */
export function adjustBalance(em: Emulator, c: Obj, amount: number, currency: string, type: string, extra: Obj = {}): Obj {
  const prev = { balance: c.balance };
  c.balance += amount;
  if (!c.currency) c.currency = currency;
  const t: Obj = {
    id: em.newId("cbtxn"),
    object: "customer_balance_transaction",
    amount,
    checkout_session: null,
    created: em.clock.now(),
    credit_note: null,
    currency,
    customer: c.id,
    customer_account: null,
    description: null,
    ending_balance: c.balance,
    invoice: null,
    livemode: em.livemode,
    metadata: {},
    type,
    ...extra,
  };
  em.store.c.customer_balance_transactions.insert(t);
  if (amount !== 0) em.emit("customer.updated", c, prev);
  return t;
}

function createCustomer(em: Emulator, p: Params, testClock: string | null): Obj {
  const id = em.newId("cus");
  const seq = em.ids.counters.cus;
  const c: Obj = {
    id,
    object: "customer",
    address: null,
    balance: int(p, "balance") ?? 0,
    created: em.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: str(p, "description") ?? null,
    discount: null,
    email: str(p, "email") ?? null,
    invoice_prefix: str(p, "invoice_prefix") ?? invoicePrefix(em.seed, seq),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: em.livemode,
    metadata: metadata(p),
    name: str(p, "name") ?? null,
    next_invoice_sequence: 1,
    phone: str(p, "phone") ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: str(p, "tax_exempt") ?? "none",
    test_clock: testClock,
  };
  em.store.c.customers.insert(c);
  em.emit("customer.created", c);
  const pm = str(p, "payment_method");
  // a test token (pm_card_visa) becomes a new pm_ object: use its id as the default
  const attached = pm ? attachPaymentMethod(em, pm, id) : undefined;
  const dpm = (obj(p, "invoice_settings") ?? {}).default_payment_method;
  if (dpm || attached) updateCustomer(em, c, { invoice_settings: { default_payment_method: dpm === pm || !dpm ? attached?.id : dpm } });
  return c;
}
