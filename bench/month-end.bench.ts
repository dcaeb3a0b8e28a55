// Month-end against Stripe's live-mode limits: N renewals of customers Settle already holds,
// within minutes (the emulator's month-end scenario), delivered as signed webhooks to Settle's webhook route at the emulator's
// pace (its concurrency and retries), projected by two in-process processors (the default batch size) that decide per
// event whether to fetch (processor/refetch-decision.ts) and draw on Settle's shared API budget
// (live figures). The emulator's limiter has the live-mode figures on: every 429 it answers is
// counted. Reports events/s end to end, API requests per event, 429s, failed events and the
// reconciliation's differences.
// Meanwhile people use the app (bench/month-end-previews.ts): a correction preview every
// --preview-every-ms (2 s) on one of --preview-invoices disputed invoices synced before the burst,
// and a billing-portal session every other tick, at most --previews of them (0: none); their
// latency (p50/p95/max), budget waits, 429s and retries are reported under "people".
// Set-up phases (database, scenario generation and recording, the customers' projection) are
// timed apart from the burst and printed as they end; a long run prints its progress to stderr
// every --progress-seconds (30): events left, events/s, API requests and 429s so far.
// --setup-only stops after the set-up (to size it at 24,100 invoices ≈ 250k events without the burst).
// The npm script gives the process an 8 GB heap: at 24,100 invoices the emulator holds ≈ 1 GB of recorded month and
// the heap swings between 1.3 and 1.9 GB in the burst's first minutes (Node's default limit here is 4 GB).
// Usage: npm run bench:month-end -- [--invoices 500] [--window-seconds 600] [--refetch decide|always]
//          [--previews 1000] [--preview-every-ms 2000] [--preview-invoices 5] [--progress-seconds 30] [--setup-only]
import os from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { createBenchDatabase } from "./sync-bench-db";

const started = performance.now();
const setup: Record<string, number> = {};
let phaseStart = started;
/** Ends a set-up phase: its seconds into `setup`, and a line on stderr (a 250k set-up takes minutes). */
const phase = (name: string) => {
  const now = performance.now();
  setup[name] = +((now - phaseStart) / 1000).toFixed(1);
  phaseStart = now;
  console.error(`[set-up] ${name}: ${setup[name]} s (rss ${rssMB()} MB, peak ${peakRssMB()} MB, load ${os.loadavg()[0].toFixed(1)})`);
};
const rssMB = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
// maxRSS is in kilobytes
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

const arg = (name: string, d: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : d);
const INVOICES = Number(arg("invoices", "500"));
const WINDOW = Number(arg("window-seconds", "600"));
const REFETCH = arg("refetch", "decide") === "always" ? "always" : "decide";
const PREVIEWS = Number(arg("previews", "1000"));
const PREVIEW_EVERY_MS = Number(arg("preview-every-ms", "2000"));
const PREVIEW_INVOICES = Number(arg("preview-invoices", "5"));
const PROGRESS_SECONDS = Number(arg("progress-seconds", "30"));
const SETUP_BATCH = 1000;
const SETUP_ONLY = process.argv.includes("--setup-only");
// Settle's own budget with the live-mode figures (it is off against the emulator by default).
process.env.STRIPE_API_BUDGET = "live";
process.env.LOG_LEVEL ??= "warn";

// Time the process spent in garbage collection (the emulator holds a 250k month in memory).
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ["gc"] });
const bench = await createBenchDatabase();
// A long run stopped with Ctrl-C still drops its throwaway database.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    console.error(`[${signal}] dropping the bench database`);
    void bench.drop().finally(() => process.exit(130));
  });
phase("database");
const { startEmulator } = await import("@/stripe-emulator");
const { generateMonthEnd } = await import("@/stripe-emulator/scenario");
const { LIVE_LIMITS } = await import("@/stripe-emulator/src/rate-limits");
const { getDb, getBackgroundDb, closeDb } = await import("@/lib/db");
const { metrics } = await import("@/lib/metrics/registry");
const { startWebhookServer, secret } = await import("@/features/stripe-sync/testing/harness");
const { startEventProcessor } = await import("@/features/stripe-sync/processor/start-event-processor");
const { applyEventsReduced } = await import("@/features/stripe-sync/replay/apply-batch");
const { runReconciliation } = await import("@/features/stripe-sync/reconciliation/run-reconciliation");
const { preparePreviews, startPreviewLoad } = await import("./month-end-previews");

const hook = await startWebhookServer();
const emu = await startEmulator({ port: 0, seed: 11, webhookUrl: hook.url, webhookSecret: secret(), rateLimits: LIVE_LIMITS, retryBaseMs: 500 });
process.env.STRIPE_API_BASE = emu.url;
phase("emulator");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
try {
  const db = await getDb();
  const em = emu.emulator;
  // the desk's disputes were synced before month-end
  const people = PREVIEWS > 0 ? await preparePreviews(emu, PREVIEW_INVOICES) : null;
  phase("previews");
  const manifest = generateMonthEnd(em, { seed: 11, invoices: INVOICES, windowSeconds: WINDOW, deliverWebhooks: true });
  const emitted = Object.values(manifest.events).reduce((s, x) => s + x, 0);
  phase("scenario");
  // The customers renewing were synced long before month-end: project them first, from the
  // emulator's own objects (no API call), as last month's sync left them. Deliveries meanwhile
  // only fill the inbox; the processors start below.
  const customers = [...em.store.c.customers.items.keys()].map((id) => em.api("GET", `/v1/customers/${id}`).body as Record<string, unknown>);
  phase("customerSnapshots");
  // Written as replay writes a batch (its reducer runs projectCustomer's decisions in memory, then
  // one multi-row upsert per table): 1,000 customers per transaction, the same rows as applying
  // them one by one, in seconds rather than minutes at 24,100.
  for (let i = 0; i < customers.length; i += SETUP_BATCH) {
    const objects = customers.slice(i, i + SETUP_BATCH).map((object) => ({ kind: "customer" as const, object }));
    await db.$transaction(
      (tx) =>
        applyEventsReduced(
          tx,
          objects.map((o) => ({ appliedObjects: [o], eventAt: null })),
        ),
      { timeout: 60_000 },
    );
  }
  phase("customerProjection");
  const setupSeconds = +((performance.now() - started) / 1000).toFixed(1);
  // --setup-only ends here (the finally below still drops the database)
  burst: {
    if (SETUP_ONLY) {
      const customerRows = await db.customer.count();
      console.log(
        JSON.stringify(
          {
            invoices: INVOICES,
            eventsEmitted: emitted,
            customers: customers.length,
            customerRows,
            setup,
            setupSeconds,
            peakRssMB: peakRssMB(),
            load1: os.loadavg()[0].toFixed(1),
          },
          null,
          1,
        ),
      );
      break burst;
    }
    const before = {
      allowed: em.limiter.counts.allowed,
      limited: { ...em.limiter.counts.limited },
      endpoints: structuredClone(em.limiter.counts.endpoints),
    };
    // Deliveries start as soon as the scenario is recorded, so some events reach the inbox during
    // the set-up's last phases (seconds): reported, so the end-to-end rate can be judged with them.
    const inboxAtStart = await db.stripeEvent.count();
    const loads = [os.loadavg()[0]];
    const cpu0 = process.cpuUsage();
    const gc0 = gcMs;
    const t0 = performance.now();
    const controller = new AbortController();
    /** One progress line on stderr: what is left of the burst, the rates, the API so far. */
    const progress = async (last: { at: number; done: number }) => {
      const now = performance.now();
      const byStatus = Object.fromEntries((await db.stripeEvent.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [g.status, g._count._all]));
      const done = (byStatus.PROCESSED ?? 0) + (byStatus.IGNORED ?? 0) + (byStatus.FAILED ?? 0);
      const inbox = (byStatus.PENDING ?? 0) + (byStatus.PROCESSING ?? 0);
      const refused = Object.entries(em.limiter.counts.limited).reduce((s, [k, v]) => s + v - before.limited[k as keyof typeof before.limited], 0);
      const requests = em.limiter.counts.allowed - before.allowed;
      console.error(
        `[progress] ${((now - t0) / 1000).toFixed(0)} s: ${done} of ${emitted} events done, ${emitted - done} left (${inbox} in the inbox), ` +
          `${Math.round(done / ((now - t0) / 1000))} ev/s overall, ${Math.round((done - last.done) / ((now - last.at) / 1000))} ev/s last interval, ` +
          `${requests} API requests (${(requests / Math.max(1, done)).toFixed(3)}/event), ${refused} refused by the limiter, ${byStatus.FAILED ?? 0} failed, ` +
          `rss ${rssMB()} MB, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB, gc ${((gcMs - gc0) / 1000).toFixed(1)} s, load ${os.loadavg()[0].toFixed(1)}`,
      );
      loads.push(os.loadavg()[0]);
      return { at: now, done };
    };
    // as in the default deployment: the processors on the background client, people on the web's
    const background = await getBackgroundDb();
    const processors = [0, 1].map(() => startEventProcessor(background, { signal: controller.signal, idleMs: 50, refetch: REFETCH }));
    const load = people ? startPreviewLoad({ ...people, everyMs: PREVIEW_EVERY_MS, max: PREVIEWS }) : null;
    let delivered = false;
    const flushed = em.webhooks.flush().then(() => {
      delivered = true;
    });
    let lastReport = { at: t0, done: 0 };
    for (;;) {
      const left = await db.stripeEvent.count({ where: { status: { in: ["PENDING", "PROCESSING"] } } });
      if (delivered && left === 0) break;
      if (performance.now() - lastReport.at >= PROGRESS_SECONDS * 1000) lastReport = await progress(lastReport);
      await sleep(200);
    }
    await flushed;
    const peakRss = peakRssMB();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const gcSeconds = +((gcMs - gc0) / 1000).toFixed(1);
    const peopleResult = load ? await load.stop() : null;
    controller.abort();
    await Promise.all(processors.map((p) => p.stopped));
    // the people's own requests are reported apart, not counted per event
    const peopleAllowed = Object.values(peopleResult?.stripeRequests ?? {}).reduce((s, r) => s + r.attempts - r.status429, 0);
    const requests = em.limiter.counts.allowed - before.allowed - peopleAllowed;
    loads.push(os.loadavg()[0]);
    const byStatus = Object.fromEntries((await db.stripeEvent.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [g.status, g._count._all]));
    const stored = await db.stripeEvent.count({ where: { source: "webhook" } });
    // During the burst (people's included, they are also reported apart under "people"), per event stored.
    const endpoints = Object.fromEntries(
      Object.entries(em.limiter.counts.endpoints)
        .map(([k, c]) => {
          const allowed = c.allowed - (before.endpoints[k]?.allowed ?? 0);
          return [k, { allowed, limited: c.limited - (before.endpoints[k]?.limited ?? 0), perEvent: +(allowed / stored).toFixed(4) }] as const;
        })
        .filter(([, c]) => c.allowed + c.limited > 0)
        .sort((x, y) => y[1].allowed - x[1].allowed),
    );
    // Every event the emulator sent (its delivery status is set when queued) is in the inbox.
    const sent = [...em.store.c.events.items.keys()].filter((id) => em.store.meta.get(id)?.delivery !== undefined);
    const inInbox = new Set((await db.stripeEvent.findMany({ select: { id: true } })).map((e) => e.id));
    const sentNotStored = sent.filter((id) => !inInbox.has(id)).length;
    // What Settle saw of the limiter's refusals, and what it did with them: the SDK retries a 429
    // (maxNetworkRetries), and an event whose fetch is still refused is put back ("throttled"), never failed.
    const sum = (values: { value: number }[]) => values.reduce((x, v) => x + v.value, 0);
    const rateLimitedSeen = sum((await metrics().stripeRateLimited.get()).values);
    const outcomes = Object.fromEntries((await metrics().eventsProcessed.get()).values.map((v) => [v.labels.outcome, v.value]));
    const limited = Object.fromEntries(Object.entries(em.limiter.counts.limited).map(([k, v]) => [k, v - before.limited[k as keyof typeof before.limited]]));
    const failed = await db.stripeEvent.count({ where: { status: "FAILED" } });
    const decisions: Record<string, number> = {};
    for (const v of (await metrics().refetchDecisions.get()).values) decisions[`${v.labels.decision}:${v.labels.reason}`] = v.value;
    const rec = await runReconciliation(db);
    console.log(
      JSON.stringify(
        {
          machine: { cpus: os.cpus().length, node: process.version, load1: os.loadavg()[0].toFixed(1) },
          // os.loadavg()[0] at the burst's start, at each progress line and at its end
          load: { start: +loads[0].toFixed(1), max: +Math.max(...loads).toFixed(1), end: +loads[loads.length - 1].toFixed(1) },
          refetch: REFETCH,
          invoices: INVOICES,
          windowSeconds: WINDOW,
          paid: manifest.paid,
          declined: manifest.declined,
          eventsEmitted: emitted,
          eventsStored: stored,
          eventsSentNotStored: sentNotStored,
          eventsByStatus: byStatus,
          eventsProjected: byStatus.PROCESSED ?? 0,
          inboxAtStart,
          setup,
          setupSeconds,
          seconds: +seconds.toFixed(1),
          eventsPerSecond: Math.round(stored / seconds),
          cpuSecondsPer1000Events: +(((cpu.user + cpu.system) / 1e6 / stored) * 1000).toFixed(2),
          apiRequests: requests,
          apiRequestsPerEvent: +(requests / stored).toFixed(3),
          refusedByLimiter: limited,
          rateLimitedSeenBySettle: rateLimitedSeen,
          processorOutcomes: outcomes,
          endpoints,
          failedEvents: failed,
          reconciliationDifferences: rec.differences.length,
          decisions,
          peakRssMB: peakRss,
          gcSeconds,
          people: peopleResult,
        },
        null,
        1,
      ),
    );
  }
} finally {
  await emu.close();
  await hook.close();
  await closeDb();
  await bench.drop();
}
