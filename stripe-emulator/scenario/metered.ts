// A metered subscription history (issue 16): a customer on a test clock with a licensed seat item
// and a tiered metered item ("API calls", graduated: the first 10,000 free, then 0.5 cent, then
// 0.2 cent above 50,000), usage sent through meter events month by month so that it crosses the
// tiers, and a renewal invoice each month billing the past month's usage in arrears. Returns a
// manifest of what each renewal should bill (the events' sum per period), for tests and the demo.
import type { Emulator } from "../src/emulator";
import { call, type Obj } from "./api";
import { Rng } from "./rng";

const DAY = 86_400;

export interface MeteredScenarioOptions {
  seed: number;
  /** The clock's start (a month's first second, UTC). */
  start: number;
  /** Renewals to generate (1–12). */
  months: number;
  email?: string;
}

export interface MeteredRenewal {
  invoice: string;
  periodStart: number;
  periodEnd: number;
  /** The meter events' sum over [periodStart, periodEnd). */
  usage: number;
}

export interface MeteredScenario {
  clock: string;
  customer: string;
  subscription: string;
  meter: string;
  meteredPrice: string;
  licensedPrice: string;
  renewals: MeteredRenewal[];
}

/** Usage for month `m`: below, inside and above the tiers by turns, so every tier is exercised. */
function monthUsage(rng: Rng, m: number): number {
  const ranges: [number, number][] = [
    [2_000, 9_000], // the free tier only
    [12_000, 45_000], // into the second
    [55_000, 120_000], // into the third
  ];
  const [lo, hi] = ranges[m % ranges.length]!;
  return rng.int(lo, hi);
}

export function generateMeteredSubscription(em: Emulator, o: MeteredScenarioOptions): MeteredScenario {
  if (!Number.isInteger(o.months) || o.months < 1 || o.months > 12) throw new RangeError("months must be 1–12");
  const rng = new Rng(o.seed);
  const clock = call(em, "POST", "/v1/test_helpers/test_clocks", { frozen_time: o.start, name: `metered ${o.seed}` });
  const customer = call(em, "POST", "/v1/customers", { email: o.email ?? `metered-${o.seed}@scenario.test`, name: "Metered Customer", test_clock: clock.id });
  const meter = call(em, "POST", "/v1/billing/meters", {
    display_name: "API calls",
    event_name: `api_calls_${o.seed}_${clock.id}`,
    default_aggregation: { formula: "sum" },
  });
  const product = call(em, "POST", "/v1/products", { name: "API calls" });
  const metered = call(em, "POST", "/v1/prices", {
    product: product.id,
    currency: "usd",
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers: [
      { up_to: 10_000, unit_amount: 0 },
      { up_to: 50_000, unit_amount_decimal: "0.5" },
      { up_to: "inf", unit_amount_decimal: "0.2" },
    ],
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
  });
  const licensed = call(em, "POST", "/v1/prices", {
    currency: "usd",
    unit_amount: 1500,
    recurring: { interval: "month" },
    product_data: { name: "Team seats" },
  });
  const sub = call(em, "POST", "/v1/subscriptions", {
    customer: customer.id,
    items: [{ price: licensed.id, quantity: 3 }, { price: metered.id }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  const itemPeriod = (s: Obj) => s.items.data[0] as Obj;
  const renewals: MeteredRenewal[] = [];
  let periodStart: number = itemPeriod(sub).current_period_start;
  let periodEnd: number = itemPeriod(sub).current_period_end;
  for (let m = 0; m < o.months; m++) {
    // the month's usage in a few events spread over the period, sent at their own time
    const total = monthUsage(rng, m);
    const parts = rng.int(2, 5);
    const span = periodEnd - periodStart;
    const times = Array.from({ length: parts }, (_, i) => periodStart + Math.floor(((i + 0.5) * span) / parts)).sort((a, b) => a - b);
    let left = total;
    for (const [i, at] of times.entries()) {
      const value = i === parts - 1 ? left : Math.floor(total / parts);
      left -= value;
      call(em, "POST", `/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: at });
      call(em, "POST", "/v1/billing/meter_events", {
        event_name: meter.event_name,
        payload: { stripe_customer_id: customer.id, value: String(value) },
        identifier: `${clock.id}-${m}-${i}`,
      });
    }
    // past the renewal and its finalization hour
    call(em, "POST", `/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: periodEnd + 2 * 3600 });
    const renewed = call(em, "GET", `/v1/subscriptions/${sub.id}`);
    renewals.push({ invoice: renewed.latest_invoice, periodStart, periodEnd, usage: total });
    periodStart = itemPeriod(renewed).current_period_start;
    periodEnd = itemPeriod(renewed).current_period_end;
    if (periodEnd - periodStart < DAY) throw new Error("unexpected period");
  }
  return { clock: clock.id, customer: customer.id, subscription: sub.id, meter: meter.id, meteredPrice: metered.id, licensedPrice: licensed.id, renewals };
}
