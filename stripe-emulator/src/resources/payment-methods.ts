// Payment methods: test tokens (pm_card_*) materialize as pm_ objects; attach/detach.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { listCollection } from "../list";
import { metadata, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { TEST_CARDS } from "./cards";

export function registerPaymentMethods(r: Router): void {
  r.add("POST", "/v1/payment_methods", ({ em, p }) => {
    const card = p.card as Obj | undefined;
    const token = typeof card?.token === "string" ? card.token.replace(/^tok_/, "pm_card_") : "pm_card_visa";
    const pm = materialize(em, token);
    pm.metadata = metadata(p);
    return pm;
  });
  r.add("GET", "/v1/payment_methods/:id", ({ em, path }) => resolvePaymentMethod(em, path.id));
  r.add("POST", "/v1/payment_methods/:id/attach", ({ em, p, path }) => attachPaymentMethod(em, path.id, str(p, "customer", true)!));
  r.add("POST", "/v1/payment_methods/:id/detach", ({ em, path }) => {
    const pm = em.get("payment_methods", path.id, "PaymentMethod");
    if (!pm.customer) throw invalid(`The payment method you provided is not attached to a customer so detachment is impossible.`);
    const c = em.store.c.customers.get(pm.customer);
    pm.customer = null;
    if (c && c.invoice_settings.default_payment_method === pm.id) c.invoice_settings = { ...c.invoice_settings, default_payment_method: null };
    em.emit("payment_method.detached", pm);
    return pm;
  });
  r.add("GET", "/v1/customers/:id/payment_methods", ({ em, p, path, url }) => {
    em.get("customers", path.id, "customer");
    return listCollection(em.store.c.payment_methods, p, url, (o) => o.customer === path.id);
  });
  r.add("GET", "/v1/payment_methods", ({ em, p, url }) => {
    const customer = str(p, "customer");
    return listCollection(em.store.c.payment_methods, p, url, customer ? (o) => o.customer === customer : undefined);
  });
}

export function attachPaymentMethod(em: Emulator, id: string, customer: string): Obj {
  em.get("customers", customer, "customer", "customer");
  const pm = resolvePaymentMethod(em, id);
  if (pm.customer && pm.customer !== customer)
    throw invalid("The payment method you provided has already been attached to a customer.", undefined, "payment_method_unexpected_state");
  pm.customer = customer;
  const m = em.store.meta.get(customer) ?? {};
  em.store.meta.set(customer, { ...m, paymentMethods: [...(m.paymentMethods ?? []), pm.id] });
  em.emit("payment_method.attached", pm);
  return pm;
}

/** pm_ id → stored object; pm_card_* test token → a new stored object. */
export function resolvePaymentMethod(em: Emulator, id: string, param = "payment_method"): Obj {
  const existing = em.store.c.payment_methods.get(id);
  if (existing) return existing;
  if (TEST_CARDS[id]) return materialize(em, id);
  return em.get("payment_methods", id, "PaymentMethod", param);
}

function materialize(em: Emulator, token: string): Obj {
  const card = TEST_CARDS[token];
  if (!card) throw invalid(`No such token: '${token}'`, "card", "resource_missing");
  const pm: Obj = {
    id: em.newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "unchecked" },
      country: card.country,
      display_brand: card.brand,
      exp_month: 12,
      exp_year: 2034,
      fingerprint: "emu" + card.last4 + card.brand.slice(0, 4),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: em.clock.now(),
    customer: null,
    customer_account: null,
    livemode: em.livemode,
    metadata: {},
    type: "card",
  };
  em.store.meta.set(pm.id, { token });
  return em.store.c.payment_methods.insert(pm);
}
