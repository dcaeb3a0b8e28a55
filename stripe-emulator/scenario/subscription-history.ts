// Subscription histories for the billing-math cross-check (issue 16): customers on test clocks,
// each with a subscription of one or two licensed items (per_unit, decimal per_unit, graduated and
// volume tiers, package prices through transform_quantity) and sometimes a tiered metered item,
// some on a trial, some with the subscription's default tax rates and discounts; then, month by
// month, seat changes and plan swaps (create_prorations or always_invoice), cancellations at the
// period end or at once with a final proration credit (invoiced at once), usage through meter
// events, and the renewals the test clocks make. Everything goes through the emulator's API.
// Returns what the invoices should show: every change (item, time, the item's period, old and new
// price and quantity) for the proration math, and every usage event for the metered math.
import type { Emulator } from "../src/emulator";
import { call, listAll, type Obj } from "./api";
import type { Currency } from "./types";
import { Rng } from "./rng";

const DAY = 86_400;
const HOUR = 3_600;
const CURRENCIES: readonly Currency[] = ["usd", "eur", "jpy", "kwd"];

export interface SubscriptionHistoryOptions {
  seed: number;
  /** The test clocks' start (unix seconds). */
  start: number;
  /** At least this many invoices: groups of `perClock` histories are added until there are (about 6 each over 6 months). */
  invoices: number;
  /** Renewals per history (default 6). */
  months?: number;
  /** Customers per test clock (default 20). */
  perClock?: number;
}

/** A subscription item change: `to` null for a cancellation's credit (`prorate`). */
export interface SubscriptionChange {
  subscription: string;
  item: string;
  /** The proration date (the clock's time of the change). */
  at: number;
  /** The item's period at the change. */
  period: { start: number; end: number };
  from: { price: string; quantity: number };
  to: { price: string; quantity: number } | null;
  behavior: "create_prorations" | "always_invoice" | "cancel_prorate";
}

export interface MeteredUsageRecord {
  subscription: string;
  item: string;
  price: string;
  events: { timestamp: number; value: number }[];
}

export interface SubscriptionHistoryManifest {
  subscriptions: string[];
  clocks: string[];
  /** Prices the histories use (licensed and metered), to read with their tiers. */
  prices: string[];
  changes: SubscriptionChange[];
  usage: MeteredUsageRecord[];
  /** Invoices made by the histories (every subscription invoice and the final ones). */
  invoices: string[];
  counts: Record<string, number>;
}

type Kind = "per_unit" | "per_unit_decimal" | "graduated" | "volume" | "package_up" | "package_down";
const KINDS: readonly Kind[] = ["per_unit", "per_unit_decimal", "graduated", "volume", "package_up", "package_down"];

/** The licensed prices of one currency, one per kind (amounts in the currency's minor units). */
function licensedPriceParams(kind: Kind): Obj {
  switch (kind) {
    case "per_unit":
      return { unit_amount: 1500 };
    case "per_unit_decimal":
      return { unit_amount_decimal: "999.5" };
    case "graduated":
      return {
        billing_scheme: "tiered",
        tiers_mode: "graduated",
        tiers: [
          { up_to: 5, unit_amount: 1000, flat_amount: 500 },
          { up_to: 20, unit_amount_decimal: "750.5" },
          { up_to: "inf", unit_amount: 500 },
        ],
      };
    case "volume":
      return {
        billing_scheme: "tiered",
        tiers_mode: "volume",
        tiers: [
          { up_to: 10, unit_amount: 1200 },
          { up_to: 50, unit_amount: 1000, flat_amount: 2000 },
          { up_to: "inf", unit_amount_decimal: "850.25" },
        ],
      };
    case "package_up":
      return { unit_amount: 2500, transform_quantity: { divide_by: 5, round: "up" } };
    case "package_down":
      return { unit_amount: 900, transform_quantity: { divide_by: 3, round: "down" } };
  }
}

interface Catalog {
  licensed: Map<Currency, Map<Kind, string>>;
  metered: Map<Currency, string>;
  meterEvent: string;
  taxRates: { exclusive: string; inclusive: string };
  coupons: { percentForever: string; percentRepeating: string; percentOnce: string; amountForever: Map<Currency, string> };
}

function setupCatalog(em: Emulator, seed: number): Catalog {
  const product = (name: string) => call(em, "POST", "/v1/products", { name }).id as string;
  const meter = call(em, "POST", "/v1/billing/meters", {
    display_name: "Subscription API calls",
    event_name: `sub_history_calls_${seed}`,
    default_aggregation: { formula: "sum" },
  });
  const licensed = new Map<Currency, Map<Kind, string>>();
  const metered = new Map<Currency, string>();
  const names: Record<Kind, string> = {
    per_unit: "Seats",
    per_unit_decimal: "Seats (decimal)",
    graduated: "Seats (graduated)",
    volume: "Seats (volume)",
    package_up: "Users (packs of 5)",
    package_down: "Users (full packs of 3)",
  };
  const products = new Map(KINDS.map((k) => [k, product(names[k])]));
  const calls = product("API calls (subscriptions)");
  for (const currency of CURRENCIES) {
    const m = new Map<Kind, string>();
    for (const k of KINDS)
      m.set(k, call(em, "POST", "/v1/prices", { currency, product: products.get(k), recurring: { interval: "month" }, ...licensedPriceParams(k) }).id);
    licensed.set(currency, m);
    metered.set(
      currency,
      call(em, "POST", "/v1/prices", {
        currency,
        product: calls,
        billing_scheme: "tiered",
        tiers_mode: "graduated",
        tiers: [
          { up_to: 1_000, unit_amount: 0 },
          { up_to: 10_000, unit_amount_decimal: "0.5" },
          { up_to: "inf", unit_amount_decimal: "0.25", flat_amount: 100 },
        ],
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      }).id,
    );
  }
  const coupon = (p: Obj) => call(em, "POST", "/v1/coupons", p).id as string;
  return {
    licensed,
    metered,
    meterEvent: meter.event_name,
    taxRates: {
      exclusive: call(em, "POST", "/v1/tax_rates", { display_name: "Sales tax", percentage: 8.875, inclusive: false }).id,
      inclusive: call(em, "POST", "/v1/tax_rates", { display_name: "VAT", percentage: 20, inclusive: true }).id,
    },
    coupons: {
      percentForever: coupon({ percent_off: 15, duration: "forever" }),
      percentRepeating: coupon({ percent_off: 10, duration: "repeating", duration_in_months: 3 }),
      percentOnce: coupon({ percent_off: 25, duration: "once" }),
      amountForever: new Map(CURRENCIES.map((c) => [c, coupon({ amount_off: 500, currency: c, duration: "forever" })])),
    },
  };
}

type Action = { at: number; run: () => void };

/** Live state of one history between rounds. */
interface History {
  customer: string;
  currency: Currency;
  sub: string;
  ended: boolean;
}

export function generateSubscriptionHistories(em: Emulator, o: SubscriptionHistoryOptions): SubscriptionHistoryManifest {
  const months = Math.max(1, o.months ?? 6);
  const perClock = Math.max(1, o.perClock ?? 20);
  const cat = setupCatalog(em, o.seed);
  const out: SubscriptionHistoryManifest = { subscriptions: [], clocks: [], prices: [], changes: [], usage: [], invoices: [], counts: {} };
  for (const m of cat.licensed.values()) out.prices.push(...m.values());
  out.prices.push(...cat.metered.values());
  const count = (k: string) => (out.counts[k] = (out.counts[k] ?? 0) + 1);
  const usageOf = new Map<string, MeteredUsageRecord>();

  const own = new Set<string>();
  for (let g = 0; out.invoices.length < Math.max(1, o.invoices); g++) {
    const n = perClock;
    const customers: string[] = [];
    const clock = call(em, "POST", "/v1/test_helpers/test_clocks", { frozen_time: o.start, name: `subscriptions ${o.seed}/${g}` });
    out.clocks.push(clock.id);
    let now: number = o.start;
    const advance = (t: number) => {
      if (t <= now) return;
      call(em, "POST", `/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: t });
      now = t;
    };
    const run = (actions: Action[]) => {
      for (const a of actions.sort((x, y) => x.at - y.at)) {
        advance(a.at);
        a.run();
      }
    };
    const group: History[] = [];
    // creation: staggered over the first two days
    const creations: Action[] = [];
    for (let i = 0; i < n; i++) {
      const r = Rng.fork(o.seed, `sub:${g}:${i}`);
      const currency = r.pick(CURRENCIES);
      const customer = call(em, "POST", "/v1/customers", {
        email: `sub-${o.seed}-${g}-${i}@subscriptions.test`,
        name: `Subscriber ${g}-${i}`,
        test_clock: clock.id,
      }).id as string;
      customers.push(customer);
      const h: History = { customer, currency, sub: "", ended: false };
      group.push(h);
      creations.push({
        at: o.start + HOUR + r.int(0, 2 * DAY),
        run: () => {
          const kinds = r.sample(KINDS.length, r.chance(0.4) ? 2 : 1).map((k) => KINDS[k]!);
          const items: Obj[] = kinds.map((k) => ({ price: cat.licensed.get(currency)!.get(k), quantity: r.int(0, 10) === 0 ? 0 : r.int(1, 60) }));
          if (r.chance(0.3)) items.push({ price: cat.metered.get(currency) });
          const tax = r.int(0, 9);
          const disc = r.int(0, 9);
          const discount =
            disc === 0
              ? cat.coupons.percentForever
              : disc === 1
                ? cat.coupons.percentRepeating
                : disc === 2
                  ? cat.coupons.percentOnce
                  : disc === 3
                    ? cat.coupons.amountForever.get(currency)
                    : null;
          const sub = call(em, "POST", "/v1/subscriptions", {
            customer,
            items,
            collection_method: "send_invoice",
            days_until_due: 30,
            ...(r.chance(0.2) ? { trial_period_days: r.int(5, 20) } : {}),
            ...(tax < 3 ? { default_tax_rates: [cat.taxRates.exclusive] } : tax < 5 ? { default_tax_rates: [cat.taxRates.inclusive] } : {}),
            ...(discount ? { discounts: [{ coupon: discount }] } : {}),
          });
          h.sub = sub.id;
          out.subscriptions.push(sub.id);
          out.invoices.push(sub.latest_invoice);
          count(sub.status === "trialing" ? "trials" : "subscriptions_paid_from_start");
          for (const k of kinds) count(`items_${k}`);
          if (items.length > kinds.length) count("items_metered");
          if (discount) count("with_discount");
          if (tax < 5) count("with_default_tax_rates");
        },
      });
    }
    run(creations);

    for (let round = 0; round < months; round++) {
      const actions: Action[] = [];
      let until = now;
      for (const [i, h] of group.entries()) {
        if (h.ended) continue;
        const r = Rng.fork(o.seed, `sub:${g}:${i}:round:${round}`);
        const sub = call(em, "GET", `/v1/subscriptions/${h.sub}`);
        if (sub.status === "canceled") {
          h.ended = true;
          continue;
        }
        const items = sub.items.data as Obj[];
        const ps: number = items[0].current_period_start;
        const pe: number = items[0].current_period_end;
        until = Math.max(until, pe);
        const licensed = items.filter((si) => si.price.recurring.usage_type !== "metered");
        const meteredItem = items.find((si) => si.price.recurring.usage_type === "metered");
        const at = (frac: number) => Math.max(now + 60, ps + Math.floor((pe - ps) * frac));
        // usage in a few events over the period (not during a trial: its usage line is 0)
        if (meteredItem && sub.status !== "trialing") {
          const rec: MeteredUsageRecord = usageOf.get(meteredItem.id) ?? { subscription: h.sub, item: meteredItem.id, price: meteredItem.price.id, events: [] };
          usageOf.set(meteredItem.id, rec);
          const total = r.pick([r.int(0, 900), r.int(1_500, 9_000), r.int(12_000, 80_000)]);
          const parts = r.int(1, 3);
          for (let k = 0; k < parts; k++) {
            const t = at((k + 0.5) / (parts + 0.5));
            if (t >= pe - HOUR) continue;
            const value = k === parts - 1 ? total - Math.floor(total / parts) * (parts - 1) : Math.floor(total / parts);
            actions.push({
              at: t,
              run: () => {
                call(em, "POST", "/v1/billing/meter_events", {
                  event_name: cat.meterEvent,
                  payload: { stripe_customer_id: h.customer, value: String(value) },
                  identifier: `${h.sub}-${round}-${k}`,
                });
                rec.events.push({ timestamp: t, value });
              },
            });
          }
        }
        if (sub.status === "trialing") continue; // no prorations during a trial
        const t = at(0.05 + r.int(0, 850) / 1000);
        if (t >= pe - HOUR) continue;
        const roll = r.int(0, 99);
        const si = r.pick(licensed);
        if (roll < 30 || !si) continue;
        if (roll < 88) {
          // a seat change or a plan swap, prorated on the next invoice or invoiced at once
          const swap = roll >= 62;
          const behavior = roll % 4 === 0 ? "always_invoice" : "create_prorations";
          const onSub = new Set(licensed.map((x) => x.price.id));
          const others = [...cat.licensed.get(h.currency)!.values()].filter((p) => !onSub.has(p));
          const price = swap && others.length ? r.pick(others) : si.price.id;
          let quantity = r.int(0, 12) === 0 ? 0 : r.int(1, 60);
          if (price === si.price.id && quantity === si.quantity) quantity = si.quantity + 1;
          actions.push({
            at: t,
            run: () => {
              const cur = call(em, "GET", `/v1/subscription_items/${si.id}`);
              // copied before the update: the API's answer is the live object (api.ts send)
              const period = { start: cur.current_period_start as number, end: cur.current_period_end as number };
              const from = { price: cur.price.id as string, quantity: cur.quantity as number };
              const updated = call(em, "POST", `/v1/subscriptions/${h.sub}`, {
                items: [{ id: si.id, price, quantity }],
                proration_behavior: behavior,
              });
              out.changes.push({
                subscription: h.sub,
                item: si.id,
                at: t,
                period,
                from,
                to: { price, quantity },
                behavior,
              });
              count(`${price !== from.price ? "plan_swaps" : "quantity_changes"}_${behavior}`);
              if (behavior === "always_invoice") out.invoices.push(updated.latest_invoice);
            },
          });
        } else if (roll < 93) {
          actions.push({
            at: t,
            run: () => {
              call(em, "POST", `/v1/subscriptions/${h.sub}`, { cancel_at_period_end: true });
              count("canceled_at_period_end");
            },
          });
        } else {
          // canceled now: a credit for every licensed item's unused time, invoiced at once
          actions.push({
            at: t,
            run: () => {
              const live = (call(em, "GET", `/v1/subscriptions/${h.sub}`).items.data as Obj[])
                .filter((y) => y.price.recurring.usage_type !== "metered")
                .map((x) => ({
                  item: x.id as string,
                  period: { start: x.current_period_start as number, end: x.current_period_end as number },
                  from: { price: x.price.id as string, quantity: x.quantity as number },
                }));
              call(em, "DELETE", `/v1/subscriptions/${h.sub}`, { prorate: true });
              for (const x of live) out.changes.push({ subscription: h.sub, ...x, at: t, to: null, behavior: "cancel_prorate" });
              const inv = call(em, "POST", "/v1/invoices", {
                customer: h.customer,
                pending_invoice_items_behavior: "include",
                collection_method: "send_invoice",
                days_until_due: 30,
              });
              call(em, "POST", `/v1/invoices/${inv.id}/finalize`);
              out.invoices.push(inv.id);
              count("canceled_now_prorated");
              h.ended = true;
            },
          });
        }
      }
      run(actions);
      // past every period end and the renewals' finalization hour
      advance(until + 2 * HOUR);
    }
    // every invoice of the group's customers: the renewals and those made on the way
    for (const id of out.invoices) own.add(id);
    for (const customer of customers) {
      for (const inv of listAll(em, "/v1/invoices", { customer })) {
        if (own.has(inv.id)) continue;
        own.add(inv.id);
        out.invoices.push(inv.id);
      }
    }
  }
  out.usage = [...usageOf.values()];
  out.counts.invoices = out.invoices.length;
  out.counts.changes = out.changes.length;
  return out;
}
