// The people side of the month-end bench: while the burst is projected, a desk agent opens the
// "new correction" page (getCorrectionDraft: the draft from a real dispute's saved recalculation on
// a synced, paid invoice, and Stripe's own creditNotes.preview of that note) at a steady pace, and
// a customer opens the billing portal (a Stripe session, the app's pay/replace-card link). Both go
// through the process's Stripe client at the people priority of the shared API budget, as the
// pages do. Reports each call's latency and what its Stripe requests went through: waits for the
// budget, 429s from the emulator's limiter, the SDK's retries.
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import type Stripe from "stripe";
import type { RunningEmulator } from "@/stripe-emulator";
import { percentile } from "./sync-bench-db";

const { getDb } = await import("@/lib/db");
const { getStripe } = await import("@/lib/stripe");
const { metrics } = await import("@/lib/metrics/registry");
const { apiClient } = await import("@/features/stripe-sync/testing/billing");
const { disputedInvoice, recalculation, staff } = await import("@/features/corrections/testing/world");
const { getCorrectionDraft } = await import("@/features/corrections/compose/get-correction-draft");
const { openBillingPortal } = await import("@/features/payments/open-billing-portal");

type Fixture = { recalculationId: string; customerId: string; expectedTotal: bigint };

/** Disputed, synced, paid invoices with a recalculation crediting line 1 (1000 + 19 % VAT = 1190). */
export async function preparePreviews(emu: RunningEmulator, invoices: number) {
  const stripe = apiClient(emu.url);
  const world = { emu } as Parameters<typeof disputedInvoice>[0];
  const fixtures: Fixture[] = [];
  for (let i = 0; i < invoices; i++) {
    const base = await disputedInvoice(world, stripe);
    const recalc = await recalculation({
      invoiceId: base.invoice.id,
      disputeId: base.dispute.id,
      currency: base.invoice.currency,
      lines: [{ lineId: base.invoice.lines[0]!.stripeId, amount: 1000n, total: 1190n }],
    });
    fixtures.push({ recalculationId: recalc.id, customerId: base.invoice.customerId, expectedTotal: 1190n });
  }
  const { agent } = await staff();
  return { fixtures, agent };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PEOPLE_PATHS = ["/v1/credit_notes/preview", "/v1/billing_portal/sessions"];

/**
 * Starts the load: every `everyMs` one preview (round robin over the fixtures) and, every other
 * tick, one billing-portal session, without waiting for the previous ones (people do not queue
 * behind each other). `stop()` ends it and returns the figures once the calls in flight answer.
 */
export function startPreviewLoad(options: { fixtures: Fixture[]; agent: Awaited<ReturnType<typeof staff>>["agent"]; everyMs: number; max: number }) {
  const stripe: Stripe = getStripe();
  const requests: Record<string, { attempts: number; status429: number; status5xx: number; elapsedMs: number[] }> = {};
  // where a slow answer's time goes: the event loop the bench shares with the processors, the
  // emulator and the webhook receiver, or the Stripe request (budget wait + HTTP: the SDK's elapsed)
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const onResponse = (e: { path?: string; status?: number; elapsed?: number }) => {
    const path = (e.path ?? "").split("?")[0]!;
    const endpoint = PEOPLE_PATHS.find((p) => path === p);
    if (!endpoint) return;
    const r = (requests[endpoint] ??= { attempts: 0, status429: 0, status5xx: 0, elapsedMs: [] });
    r.attempts++;
    if (typeof e.elapsed === "number") r.elapsedMs.push(e.elapsed);
    if (e.status === 429) r.status429++;
    if ((e.status ?? 0) >= 500) r.status5xx++;
  };
  stripe.on("response", onResponse);
  const previews: number[] = [];
  const portals: number[] = [];
  // one trivial query per tick: how long any statement waits for the process's Prisma pool
  const selectOne: number[] = [];
  // the same on a connection of its own: Postgres itself, without the pool's queue
  const selectOneDirect: number[] = [];
  const direct = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const directReady = direct.connect();
  let previewFailures = 0;
  let portalFailures = 0;
  const inFlight: Promise<void>[] = [];
  const peopleWait = async () => {
    const m = metrics();
    const secs = (await m.stripeBudgetWaitSeconds.get()).values.find((v) => v.labels.priority === "people")?.value ?? 0;
    const n = (await m.stripeBudgetWaited.get()).values.find((v) => v.labels.priority === "people")?.value ?? 0;
    return { secs, n };
  };
  const wait0 = peopleWait();
  let stopped = false;
  const loop = (async () => {
    const db = await getDb();
    for (let i = 0; i < options.max && !stopped; i++) {
      const f = options.fixtures[i % options.fixtures.length]!;
      inFlight.push(
        (async () => {
          const t = performance.now();
          await db.$queryRaw`SELECT 1`;
          selectOne.push(performance.now() - t);
        })(),
      );
      inFlight.push(
        (async () => {
          await directReady;
          const t = performance.now();
          await direct.query("SELECT 1");
          selectOneDirect.push(performance.now() - t);
        })(),
      );
      inFlight.push(
        (async () => {
          const t = performance.now();
          try {
            const draft = await getCorrectionDraft(db, { actor: options.agent, recalculationId: f.recalculationId });
            // a preview that Stripe did not answer is a failure, not a fast answer
            if (!draft.preview || draft.preview.total !== f.expectedTotal) previewFailures++;
          } catch {
            previewFailures++;
          }
          previews.push(performance.now() - t);
        })(),
      );
      if (i % 2 === 0) {
        inFlight.push(
          (async () => {
            const t = performance.now();
            try {
              await openBillingPortal(db, { customerIds: [f.customerId], returnUrl: "http://settle.test/payments" });
            } catch {
              portalFailures++;
            }
            portals.push(performance.now() - t);
          })(),
        );
      }
      await sleep(options.everyMs);
    }
  })();
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { count: s.length, p50Ms: Math.round(percentile(s, 50)), p95Ms: Math.round(percentile(s, 95)), maxMs: Math.round(s[s.length - 1] ?? NaN) };
  };
  return {
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
      stripe.off("response", onResponse);
      loopDelay.disable();
      await direct.end();
      const [w0, w1] = [await wait0, await peopleWait()];
      const calls = previews.length + portals.length;
      const attempts = Object.values(requests).reduce((s, r) => s + r.attempts, 0);
      return {
        everyMs: options.everyMs,
        preview: { ...stats(previews), failed: previewFailures },
        billingPortal: { ...stats(portals), failed: portalFailures },
        stripeRequests: Object.fromEntries(Object.entries(requests).map(([k, { elapsedMs, ...r }]) => [k, { ...r, elapsed: stats(elapsedMs) }])),
        selectOneMs: stats(selectOne),
        selectOneOwnConnectionMs: stats(selectOneDirect),
        eventLoopDelayMs: {
          p50: Math.round(loopDelay.percentile(50) / 1e6),
          p95: Math.round(loopDelay.percentile(95) / 1e6),
          max: Math.round(loopDelay.max / 1e6),
        },
        retriedBySdk: attempts - calls,
        budgetWaitedRequests: w1.n - w0.n,
        budgetWaitSeconds: +(w1.secs - w0.secs).toFixed(2),
      };
    },
  };
}
