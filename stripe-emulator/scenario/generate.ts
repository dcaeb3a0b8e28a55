import type { Emulator } from "../src/emulator";
import { CURRENCIES } from "./catalog";
import { pruneExpiredEvents } from "./compat";
import { type CustomerPlan, monthStart, ScenarioCtx } from "./context";
import { createCustomers, type CustomerSeed } from "./customers";
import { planInjections, runInjected } from "./inject";
import { buildInvoice } from "./invoices";
import { planLines } from "./lines";
import { scheduleClean } from "./outcomes";
import { Rng } from "./rng";
import { Scheduler } from "./scheduler";
import { injectSubscriptionErrors } from "./subscription-errors";
import { generateSubscriptionHistories } from "./subscription-history";
import type { ScenarioManifest, ScenarioOptions } from "./types";

export const DEFAULT_START = Date.UTC(2026, 0, 1) / 1000;

/** Hook for fixed scenarios (the demo): named customers and hand-placed invoices. */
export interface ScenarioExtras {
  fixedCustomers?: CustomerSeed[];
  /** Slots (month × customers + customer) the random injection must leave alone. */
  reserved?: Set<number>;
  /** Replaces the normal flow for a slot; return true when it handled the slot. */
  special?: (ctx: ScenarioCtx, plan: CustomerPlan, month: number, slot: number, sched: Scheduler) => boolean;
}

/**
 * Generates a deterministic billing history in `emulator` through its API and returns the
 * manifest (contracts, injected errors, counts). Same seed and options on a fresh emulator
 * with the same emulator seed → the same objects, ids and manifest.
 */
export function generateScenario(emulator: Emulator, options: ScenarioOptions, extras: ScenarioExtras = {}): ScenarioManifest {
  const seed = options.seed | 0;
  const months = Math.max(1, options.months ?? 6);
  const total = options.invoices !== undefined ? Math.max(0, Math.floor(options.invoices)) : null;
  const customers = total !== null ? Math.max(1, Math.ceil(total / months)) : Math.max(1, options.customers ?? 40);
  const slots = total ?? customers * months;
  const injectErrors = options.injectErrors ?? true;
  const start = options.start ?? DEFAULT_START;
  const ctx = new ScenarioCtx(emulator, seed);

  // Deliveries during generation would be slow and out of the test's control; the events
  // are still recorded, so a listener catches up through GET /v1/events afterwards.
  const webhooksWere = emulator.webhooks.enabled;
  emulator.webhooks.enabled = options.deliverWebhooks ?? false;
  try {
    // The catalogue and customers exist a day before the first billing cycle.
    if (emulator.clock.now() < start - 86_400) emulator.clock.set(start - 86_400);
    ctx.setupCatalog();
    const plans = createCustomers(ctx, customers, months, start, extras.fixedCustomers);
    const injections = injectErrors ? planInjections(ctx, plans, months, start, slots, extras.reserved ?? new Set()) : new Map();
    const sched = new Scheduler();
    // Invoices of a month are spread over its first two days, in customer order.
    const spread = Math.max(1, Math.floor((2 * 86_400) / customers));
    for (let m = 0; m < months; m++) {
      const ms = monthStart(start, m);
      const period = { start: ms, end: monthStart(start, m + 1) };
      for (let i = 0; i < customers; i++) {
        const slot = m * customers + i;
        if (slot >= slots) break;
        const plan = plans[i]!;
        sched.at(ms + 3600 + i * spread, () => {
          // One stream per slot: the slot's invoice does not depend on what came before it.
          const rng = Rng.fork(seed, `slot:${slot}`);
          if (extras.special?.(ctx, plan, m, slot, sched)) return;
          const lines = planLines(plan, rng, period);
          const kind = injections.get(slot);
          if (kind) return runInjected(ctx, sched, kind, plan, lines, m, rng);
          const { invoice } = buildInvoice(ctx, plan, lines, m, { draft: true });
          scheduleClean(ctx, sched, plan, invoice, emulator.clock.now(), rng);
        });
      }
    }
    const every = Math.max(1, options.progressEvery ?? 10_000);
    let reported = 0;
    // Stripe keeps events 30 days: with pruneEvents, older ones are forgotten once per
    // emulated day as the clock advances (they are invisible to the API anyway).
    let prunedDay = Math.floor(emulator.clock.now() / 86_400);
    sched.drain(
      () => emulator.clock.now(),
      (t) => {
        emulator.clock.set(t);
        if (options.pruneEvents && Math.floor(t / 86_400) > prunedDay) {
          prunedDay = Math.floor(t / 86_400);
          pruneExpiredEvents(ctx);
        }
        if (options.onProgress && ctx.invoiceCount >= reported + every) options.onProgress((reported = ctx.invoiceCount - (ctx.invoiceCount % every)));
      },
    );
    if (injectErrors && options.subscriptionErrors)
      injectSubscriptionErrors(ctx, plans, options.subscriptionErrors, new Set((extras.fixedCustomers ?? []).flatMap((c) => (c.email ? [c.email] : []))));
    // subscription histories live on their own test clocks, from the history's start
    const histories = options.subscriptionInvoices
      ? generateSubscriptionHistories(emulator, { seed, start, invoices: options.subscriptionInvoices, months })
      : undefined;
    if (options.pruneEvents) pruneExpiredEvents(ctx);
    const injected = [...ctx.injected].sort((a, b) => (a.invoice < b.invoice ? -1 : a.invoice > b.invoice ? 1 : 0));
    return {
      version: 1,
      seed,
      options: { customers, months, invoices: total, injectErrors, start },
      clock_end: emulator.clock.now(),
      invoices: ctx.invoiceCount + (histories?.invoices.length ?? 0),
      injected_invoice_ids: injected.map((e) => e.invoice),
      injected,
      counts: Object.fromEntries(Object.entries(ctx.counts).sort(([a], [b]) => (a < b ? -1 : 1))),
      currencies: CURRENCIES.filter((c) => plans.some((p) => p.currency === c)),
      customers: plans.map((p) => ({ id: p.id, email: p.email, currency: p.currency })),
      contracts: plans.flatMap((p) => [...p.tariffs.seats, ...p.tariffs.usage, ...p.tariffs.platform]),
      customer_discounts: plans.flatMap((p) => (p.invoiceDiscount ? [p.invoiceDiscount] : [])),
      highlights: ctx.highlights,
      ...(histories ? { subscription_histories: histories } : {}),
    };
  } finally {
    emulator.webhooks.enabled = webhooksWere;
  }
}
