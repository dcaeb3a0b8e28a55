// Control API under /_emulator/ (a path Stripe never uses): state, clock, faults, disputes,
// webhook delivery log, scenarios. JSON in, JSON out, no authentication.
import type { Emulator } from "./emulator";
import { StripeApiError } from "./errors";
import { closeDispute, openDisputeOn } from "./resources/disputes";
import { emitOverdue } from "./resources/invoices";
import { dunning, setDunning } from "./resources/test-clocks";
import { emitUpcomingRenewals, setUpcomingRenewalDays, upcomingRenewalDays } from "./resources/upcoming-renewal";
import { parseRateLimits } from "./rate-limits";

export interface ControlResult {
  status: number;
  body: unknown;
  /** pre-serialized body (large snapshots) */
  raw?: string;
}

type Body = Record<string, any>;

export async function control(em: Emulator, method: string, path: string, body: Body, query: Body): Promise<ControlResult> {
  const seg = path
    .replace(/^\/_emulator\/?/, "")
    .split("/")
    .filter(Boolean);
  const route = `${method} ${seg.join("/")}`;
  try {
    switch (true) {
      case route === "POST reset":
        em.reset();
        return ok({ reset: true });
      case route === "GET snapshot":
        return { status: 200, body: undefined, raw: em.snapshotJSON() };
      case route === "POST restore":
        em.restore(body.snapshot ?? body);
        return ok({ restored: true, clock: em.clock.now() });
      case route === "GET clock":
        return ok({ now: em.clock.now() });
      case route === "POST clock/advance": {
        const now = em.clock.advance(Number(body.seconds ?? 0));
        return ok({ now, overdue: emitOverdue(em), upcoming: emitUpcomingRenewals(em) });
      }
      case route === "POST clock/set": {
        const now = em.clock.set(Number(body.unix ?? body.now));
        return ok({ now, overdue: emitOverdue(em), upcoming: emitUpcomingRenewals(em) });
      }
      case route === "GET upcoming-renewal":
        return ok({ days: upcomingRenewalDays(em) });
      case route === "POST upcoming-renewal":
        return ok(setUpcomingRenewalDays(em, body.days));
      case route === "GET dunning":
        return ok(dunning(em));
      case route === "POST dunning":
        return ok(setDunning(em, body));
      case route === "GET faults":
        return ok(em.webhooks.faults);
      case route === "POST faults":
        return ok(em.webhooks.setFaults(body));
      case route === "GET rate-limits":
        return ok({ ...em.limiter.settings, counts: em.limiter.counts });
      case route === "POST rate-limits":
        return ok(em.limiter.configure(typeof body.preset === "string" ? parseRateLimits(body.preset) : body));
      case route === "GET deliveries": {
        const ev = query.event as string | undefined;
        const log = ev ? em.webhooks.log.filter((d) => d.event === ev) : em.webhooks.log;
        return ok({ object: "list", data: log.slice(-Number(query.limit ?? 1000)) });
      }
      case route === "POST webhooks": {
        if (body.enabled !== undefined) em.webhooks.enabled = body.enabled === true || body.enabled === "true";
        if (body.url !== undefined) em.webhooks.url = body.url || undefined;
        if (body.secret !== undefined) em.webhooks.secret = body.secret;
        if (body.retryBaseMs !== undefined) em.webhooks.retryBaseMs = Number(body.retryBaseMs);
        if (body.maxAttempts !== undefined) em.webhooks.maxAttempts = Number(body.maxAttempts);
        return ok({ enabled: em.webhooks.enabled, url: em.webhooks.url ?? null });
      }
      case route === "POST webhooks/flush":
        await em.webhooks.flush();
        return ok({ flushed: true });
      case route === "POST disputes":
        return ok(openDisputeOn(em, String(body.charge), body.reason ?? "general", body.amount !== undefined ? Number(body.amount) : undefined));
      case method === "POST" && seg[0] === "disputes" && seg[2] === "close" && seg.length === 3: {
        const outcome = body.outcome === "won" ? "won" : body.outcome === "lost" ? "lost" : null;
        if (!outcome) return { status: 400, body: { error: { type: "invalid_request_error", message: "outcome must be won or lost", param: "outcome" } } };
        return ok(closeDispute(em, seg[1], outcome));
      }
      case route === "POST scenario": {
        const mod = await import(/* @vite-ignore */ new URL("../scenario/index.ts", import.meta.url).href);
        const seed = body.seed !== undefined ? Number(body.seed) : undefined;
        // `stripe:scenario month-end --invoices N`: the renewal burst (scenario/month-end.ts).
        const manifest =
          body.kind === "month-end"
            ? mod.generateMonthEnd(em, {
                seed: seed ?? 1,
                invoices: Number(body.invoices ?? 1000),
                windowSeconds: body.windowSeconds !== undefined ? Number(body.windowSeconds) : undefined,
                deliverWebhooks: body.deliverWebhooks !== false,
              })
            : await mod.generateScenario(em, { ...body, seed });
        return ok(manifest ?? { ok: true });
      }
      default:
        return { status: 404, body: { error: { type: "invalid_request_error", message: `Unknown control route ${route}` } } };
    }
  } catch (e) {
    if (e instanceof StripeApiError) return { status: e.status, body: { error: e.body } };
    return { status: 400, body: { error: { type: "invalid_request_error", message: (e as Error).message } } };
  }
}

const ok = (body: unknown): ControlResult => ({ status: 200, body });
