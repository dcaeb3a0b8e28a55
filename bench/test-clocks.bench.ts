// Generating subscription invoices through test clocks (issue 16: 100,000 in ≤ 60 s). In-process
// emulator (no HTTP, webhooks recorded but not delivered): `clocks` test clocks, each with its
// customers' monthly subscriptions (a card on file; `--failing` of them with a card whose charges
// fail, so dunning runs too), advanced two months at a time (Stripe's limit) until every
// subscription has renewed `periods` times. Each renewal is the whole path: invoice drafted,
// finalized an hour later, paid (or declined and retried), its events recorded. Events older than
// 30 days of emulator time are pruned after each advance, as the scenario generator does.
// Enough subscriptions are made for at least `--invoices` renewal invoices: a subscription whose card
// fails renews once (the decline, three retries over 15 days, then dunning cancels it), the others
// `periods` times. The result is checked (count, amounts, lines, payments, events) and the bench
// fails if a check does not hold.
// Usage: npx tsx bench/test-clocks.bench.ts [--invoices 100000] [--clocks 10] [--periods 12] [--failing 0.05]
import os from "node:os";
import { Emulator } from "@/stripe-emulator";
import type { Obj } from "@/stripe-emulator/src/store";

const arg = (name: string, d: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : d);
const INVOICES = Number(arg("invoices", "100000"));
const CLOCKS = Number(arg("clocks", "10"));
const PERIODS = Number(arg("periods", "12"));
const FAILING = Number(arg("failing", "0.05"));
const EVERY = FAILING > 0 ? Math.round(1 / FAILING) : 0;
const failsAt = (n: number) => EVERY > 0 && n % EVERY === 0;
/** Renewal invoices `n` subscriptions make: one for a failing card, `PERIODS` for the others. */
const expectedRenewals = (n: number) => {
  let fail = 0;
  for (let i = 0; i < n; i++) if (failsAt(i)) fail++;
  return fail + (n - fail) * PERIODS;
};
let subscriptions = Math.ceil(INVOICES / PERIODS);
while (expectedRenewals(subscriptions) < INVOICES) subscriptions++;
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
    // quantities 1–20: the spot checks below recompute each invoice's amount from it
    const fails = failsAt(k * perClock + i);
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
const checked = checkResult();

for (const s of em.store.c.subscriptions.items.values()) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
const load = os.loadavg().map((x) => x.toFixed(2));
console.log(
  JSON.stringify(
    {
      subscriptions,
      checked,
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
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cpus: os.cpus().length,
      loadavg: load,
    },
    null,
    2,
  ),
);

/**
 * The invoices are real: exactly the expected number of renewals (≥ `--invoices`), and every one of
 * them has its line, its amount (quantity × $15.00), and — paid — its InvoicePayment, payment intent
 * and charge for that amount; a failing card's renewal is open after four attempts and its
 * subscription canceled. A few are read back through the API, with their events.
 */
function checkResult(): Record<string, number> {
  const fail = (msg: string): never => {
    throw new Error(`check failed: ${msg}`);
  };
  const expected = expectedRenewals(subscriptions);
  if (renewals !== expected) fail(`${renewals} renewal invoices, expected ${expected}`);
  if (renewals < INVOICES) fail(`${renewals} renewal invoices, fewer than --invoices ${INVOICES}`);
  if (paid !== expected - failing) fail(`${paid} paid, expected ${expected - failing}`);
  const s = em.store.c;
  let amount = 0;
  let lines = 0;
  const perSub = new Map<string, number>();
  for (const inv of s.invoices.items.values()) {
    if (inv.billing_reason !== "subscription_cycle") continue;
    const sub = s.subscriptions.get(inv.parent.subscription_details.subscription)!;
    perSub.set(sub.id, (perSub.get(sub.id) ?? 0) + 1);
    const qty = sub.items.data[0].quantity as number;
    const ls = em.store.lines.get(inv.id) ?? [];
    if (ls.length !== 1 || ls[0]!.amount !== 1500 * qty || ls[0]!.quantity !== qty) fail(`${inv.id}: line ${JSON.stringify(ls[0])}`);
    if (inv.total !== 1500 * qty || inv.amount_due !== inv.total) fail(`${inv.id}: total ${inv.total}, quantity ${qty}`);
    lines += ls.length;
    if (inv.status === "paid") {
      const ips = (em.store.meta.get(inv.id)?.payments ?? []).map((id: string) => s.invoice_payments.get(id)!);
      if (ips.length !== 1 || ips[0].status !== "paid" || ips[0].amount_paid !== inv.total) fail(`${inv.id}: payments ${JSON.stringify(ips)}`);
      const pi = s.payment_intents.get(ips[0].payment.payment_intent)!;
      const ch = s.charges.get(pi.latest_charge)!;
      if (pi.status !== "succeeded" || pi.amount !== inv.total || ch.status !== "succeeded" || ch.amount !== inv.total) fail(`${inv.id}: ${pi.id} / ${ch.id}`);
      if (inv.amount_paid !== inv.total || inv.amount_remaining !== 0) fail(`${inv.id}: amount_paid ${inv.amount_paid}`);
      amount += inv.amount_paid;
    } else if (inv.status !== "open" || inv.attempt_count !== 4 || sub.status !== "canceled") {
      fail(`${inv.id}: ${inv.status} after ${inv.attempt_count} attempts, subscription ${sub.status}`);
    }
  }
  for (const [id, n] of perSub) {
    const want = s.subscriptions.get(id)!.status === "canceled" ? 1 : PERIODS;
    if (n !== want) fail(`${id}: ${n} renewals, expected ${want}`);
  }
  // a few through the API, as a client sees them, with the events of their last renewal
  const subs = [...s.subscriptions.items.values()];
  let spot = 0;
  for (let k = 0; k < subs.length; k += Math.max(1, Math.floor(subs.length / 7))) {
    const sub = subs[k]!;
    const inv = ok(em.api("GET", `/v1/invoices/${sub.latest_invoice}`)) as Obj;
    const qty = sub.items.data[0].quantity as number;
    const line = (ok(em.api("GET", `/v1/invoices/${inv.id}/lines`)) as { data: Obj[] }).data[0]!;
    if (inv.total !== 1500 * qty || line.amount !== inv.total) fail(`${inv.id} via the API: total ${inv.total}, line ${line.amount}`);
    if (sub.status === "active") {
      const ips = ok(em.api("GET", "/v1/invoice_payments", { invoice: inv.id })) as { data: Obj[] };
      if (ips.data.length !== 1 || ips.data[0]!.amount_paid !== inv.total) fail(`${inv.id} via the API: payments`);
      const types = new Set<string>();
      for (const e of s.events.items.values()) if (e.object_id === inv.id) types.add(e.type);
      for (const t of ["invoice.created", "invoice.finalized", "invoice.paid"]) if (!types.has(t)) fail(`${inv.id}: no ${t} event`);
    }
    spot++;
  }
  return { renewalInvoices: renewals, lines, paidAmount: amount, subscriptionsChecked: perSub.size, spotChecksViaApi: spot };
}
