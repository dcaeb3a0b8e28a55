// Generating subscription invoices through test clocks (issue 16: 100,000 in ≤ 60 s). In-process
// emulator (no HTTP, webhooks recorded but not delivered): `clocks` test clocks, each with its
// customers' monthly subscriptions (a card on file; `--failing` of them with a card whose charges
// fail, so dunning runs too), advanced two months at a time (Stripe's limit) until every
// subscription has renewed `periods` times. Each renewal is the whole path: invoice drafted,
// finalized an hour later, paid (or declined and retried), its events recorded. Events older than
// 30 days of emulator time are pruned after each advance, as the scenario generator does.
// Usage: npx tsx bench/test-clocks.bench.ts [--invoices 100000] [--clocks 10] [--periods 12] [--failing 0.05]
import os from "node:os";
import { Emulator } from "@/stripe-emulator";

const arg = (name: string, d: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : d);
const INVOICES = Number(arg("invoices", "100000"));
const CLOCKS = Number(arg("clocks", "10"));
const PERIODS = Number(arg("periods", "12"));
const FAILING = Number(arg("failing", "0.05"));
const subscriptions = Math.ceil(INVOICES / PERIODS);
const perClock = Math.ceil(subscriptions / CLOCKS);

const em = new Emulator({ seed: 16 });
em.webhooks.enabled = false;
const ok = <T>(r: { status: number; body: T }): T => {
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body;
};
const T0 = Date.UTC(2027, 0, 1) / 1000;
const t0 = performance.now();
const price = ok(em.api("POST", "/v1/prices", { currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } })) as {
  id: string;
};
const clocks: string[] = [];
let failing = 0;
for (let k = 0; k < CLOCKS; k++) {
  const clock = ok(em.api("POST", "/v1/test_helpers/test_clocks", { frozen_time: T0, name: `bench ${k}` })) as { id: string };
  clocks.push(clock.id);
  for (let i = 0; i < perClock && k * perClock + i < subscriptions; i++) {
    const fails = (k * perClock + i) % Math.round(1 / FAILING) === 0 && FAILING > 0;
    if (fails) failing++;
    const card = fails ? "pm_card_chargeCustomerFail" : "pm_card_visa";
    const c = ok(em.api("POST", "/v1/customers", { test_clock: clock.id, payment_method: card, invoice_settings: { default_payment_method: card } })) as {
      id: string;
    };
    // a one-day trial: the first invoice is 0 and paid; every later one is a renewal
    ok(em.api("POST", "/v1/subscriptions", { customer: c.id, items: [{ price: price.id, quantity: 1 + (i % 20) }], trial_period_days: 1 }));
  }
}
const setupMs = performance.now() - t0;

const t1 = performance.now();
const cpu1 = process.cpuUsage();
let frozen = T0;
const end = Date.UTC(2027, 0, 2 + 1) / 1000; // after the trial
const targets: number[] = [end];
for (let m = 2; m <= PERIODS; m += 2) targets.push(Date.UTC(2027, Math.min(m, PERIODS - 1), 2, 2) / 1000);
let advances = 0;
for (const target of targets) {
  if (target <= frozen) continue;
  for (const id of clocks) {
    ok(em.api("POST", `/v1/test_helpers/test_clocks/${id}/advance`, { frozen_time: target }));
    advances++;
  }
  frozen = target;
  em.clock.set(frozen);
  em.internal.pruneExpiredEvents();
}
const advanceMs = performance.now() - t1;
// CPU time of this process while advancing: on a shared machine, what the work costs regardless of
// how long other processes kept it waiting
const cpu = process.cpuUsage(cpu1);
const advanceCpuMs = (cpu.user + cpu.system) / 1000;

let renewals = 0;
let paid = 0;
for (const inv of em.store.c.invoices.items.values()) {
  if (inv.billing_reason !== "subscription_cycle") continue;
  renewals++;
  if (inv.status === "paid") paid++;
}
const statuses: Record<string, number> = {};
for (const s of em.store.c.subscriptions.items.values()) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
const load = os.loadavg().map((x) => x.toFixed(2));
console.log(
  JSON.stringify(
    {
      subscriptions,
      failingCards: failing,
      clocks: CLOCKS,
      advances,
      renewalInvoices: renewals,
      paid,
      subscriptionStatuses: statuses,
      setupSeconds: +(setupMs / 1000).toFixed(1),
      advanceSeconds: +(advanceMs / 1000).toFixed(1),
      renewalInvoicesPerSecond: Math.round(renewals / (advanceMs / 1000)),
      advanceCpuSeconds: +(advanceCpuMs / 1000).toFixed(1),
      renewalInvoicesPerCpuSecond: Math.round(renewals / (advanceCpuMs / 1000)),
      eventsRetained: em.store.c.events.size,
      rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
      cpus: os.cpus().length,
      loadavg: load,
    },
    null,
    2,
  ),
);
