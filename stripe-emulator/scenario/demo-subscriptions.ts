// Bob's subscriptions in the demo, made after the history (the demo's clock then follows real
// time, so trials and renewals are in the days ahead): a tiered seat plan paid by card, whose
// seats then change from 12 to 14; an add-on on trial set to end at the end of its period; and
// an add-on canceled during its trial. Separate from seedDemoScenario, whose invoices are all
// priced by contracts (checkCleanAgainstContracts): these are priced by their subscription.
// Only the seat plan makes a charged invoice; the trials' first invoices are 0 (Stripe's
// "Trial period for …" line at 0 per unit). Bob, because his contracts carry no discount: a
// subscription invoice of alice's would lack her contracted 5 % and the audit would rightly say so.
import type { Emulator } from "../src/emulator";
import { call, type Obj } from "./api";
import type { ScenarioManifest } from "./types";

/**
 * A contracted tiered tariff in the manifest's contract words: Stripe's tier shape, amounts in
 * minor units (docs.stripe.com/api/prices/object#price_object-tiers).
 */
export interface TieredContract {
  customer: string;
  price: string;
  product: string;
  currency: string;
  tiers_mode: "graduated" | "volume";
  tiers: { up_to: number | "inf"; unit_amount_decimal: string | null; flat_amount_decimal: string | null }[];
  valid_from: number;
  valid_to: number | null;
}

export interface DemoSubscriptions {
  customer: string;
  seats: string;
  ending: string;
  canceled: string;
  /** Bob's contract for his seats: the seat price's own tiers from the subscription's start, so his seat bills follow it. */
  seatsContract: TieredContract;
}

/** Null when bob has subscriptions already (the history made some): nothing is added then. */
export function seedDemoSubscriptions(em: Emulator, manifest: ScenarioManifest): DemoSubscriptions | null {
  const bob = manifest.customers.find((c) => c.email === "bob@example.com");
  if (!bob) throw new Error("demo: bob is not in the manifest");
  const customer = bob.id;
  const currency = bob.currency;
  const existing = call(em, "GET", "/v1/subscriptions", { customer, status: "all", limit: 10 });
  if (existing.data.length) return null;
  const product = (name: string) => call(em, "POST", "/v1/products", { name }).id as string;
  const seats = call(em, "POST", "/v1/prices", {
    product: product("Team seats"),
    currency,
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers: [
      { up_to: 10, unit_amount: 1500 },
      { up_to: "inf", unit_amount: 1200 },
    ],
    recurring: { interval: "month" },
  });
  const support = call(em, "POST", "/v1/prices", {
    product: product("Priority support"),
    currency,
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  const analytics = call(em, "POST", "/v1/prices", {
    product: product("Usage analytics"),
    currency,
    unit_amount: 2900,
    recurring: { interval: "month" },
  });

  // Seats: invoiced, paid by card, then two more seats (no proration: the change is the seat count).
  const team: Obj = call(em, "POST", "/v1/subscriptions", {
    customer,
    items: [{ price: seats.id, quantity: 12 }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  call(em, "POST", `/v1/invoices/${team.latest_invoice}/pay`, { payment_method: "pm_card_visa" });
  call(em, "POST", `/v1/subscriptions/${team.id}`, { items: [{ id: team.items.data[0].id, quantity: 14 }], proration_behavior: "none" });

  const ending: Obj = call(em, "POST", "/v1/subscriptions", { customer, items: [{ price: support.id }], trial_period_days: 30 });
  call(em, "POST", `/v1/subscriptions/${ending.id}`, { cancel_at_period_end: true });

  const canceled: Obj = call(em, "POST", "/v1/subscriptions", { customer, items: [{ price: analytics.id, quantity: 3 }], trial_period_days: 14 });
  call(em, "DELETE", `/v1/subscriptions/${canceled.id}`);
  const tierOf = (t: Obj) => ({
    up_to: t.up_to === null || t.up_to === "inf" ? ("inf" as const) : Number(t.up_to),
    unit_amount_decimal: t.unit_amount_decimal ?? (t.unit_amount === null || t.unit_amount === undefined ? null : String(t.unit_amount)),
    flat_amount_decimal: t.flat_amount_decimal ?? (t.flat_amount === null || t.flat_amount === undefined ? null : String(t.flat_amount)),
  });
  const seatsContract: TieredContract = {
    customer,
    price: seats.id,
    product: seats.product,
    currency,
    tiers_mode: seats.tiers_mode,
    // Stripe returns a price's tiers only when asked for (expand[]=tiers).
    tiers: (call(em, "GET", `/v1/prices/${seats.id}`, { expand: ["tiers"] }).tiers as Obj[]).map(tierOf),
    valid_from: team.start_date,
    valid_to: null,
  };
  return { customer, seats: team.id, ending: ending.id, canceled: canceled.id, seatsContract };
}
