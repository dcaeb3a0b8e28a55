// Asynchronous, signed webhook delivery with retries, a delivery log and fault injection.
// Deliveries never block the API call that emitted the event (like Stripe).
import { createHmac } from "node:crypto";
import type { Emulator } from "./emulator";
import { Fifo } from "./fifo";
import { NO_FAULTS, parseFaults, type Faults } from "./faults";
import { Rng } from "./rng";
import type { Obj } from "./store";

export const DEFAULT_WEBHOOK_SECRET = "whsec_" + "emulator_secret";

export interface Target {
  endpoint: string | null;
  url: string;
  secret: string;
}

interface Job {
  event: Obj;
  target: Target;
  attempt: number;
  duplicate?: boolean;
}

export interface DeliveryLogEntry {
  event: string;
  type: string;
  endpoint: string | null;
  url: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error?: string;
  duplicate?: boolean;
  dropped?: boolean;
  at: number;
}

export function signPayload(payload: string, secret: string, t: number): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${payload}`, "utf8").digest("hex");
  return `t=${t},v1=${v1}`;
}

export class WebhookDispatcher {
  enabled = true;
  url?: string;
  secret: string;
  retryBaseMs: number;
  maxAttempts = 5;
  /** deliveries in flight at once; the rest wait (a 100k-event burst must not open 100k sockets) */
  maxConcurrent = 16;
  /** deliveries waiting for a slot, in order; a burst queues every event here at once */
  private waiting = new Fifo<() => void>();
  faults: Faults = { ...NO_FAULTS };
  log: DeliveryLogEntry[] = [];
  private queue: Job[] = [];
  private scheduled = false;
  private inFlight = 0;
  private timers = new Set<NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private rng: Rng;
  /** event ids whose deliveries are suppressed (markEventsUndelivered) */
  private suppressed = new Set<string>();

  constructor(
    private em: Emulator,
    o: { url?: string; secret?: string; retryBaseMs?: number },
  ) {
    this.url = o.url ?? process.env.STRIPE_WEBHOOK_URL ?? undefined;
    this.secret = o.secret ?? process.env.STRIPE_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET;
    this.retryBaseMs = o.retryBaseMs ?? 500;
    this.rng = new Rng(em.seed);
  }

  setFaults(input: Record<string, unknown>): Faults {
    this.faults = parseFaults(input, this.faults);
    return this.faults;
  }

  get rngForApi(): Rng {
    return this.rng;
  }

  targetsFor(type: string): Target[] {
    const out: Target[] = [];
    if (this.url) out.push({ endpoint: null, url: this.url, secret: this.secret });
    for (const we of this.em.store.c.webhook_endpoints.items.values()) {
      if (we.status !== "enabled") continue;
      const ev: string[] = we.enabled_events;
      if (!ev.includes("*") && !ev.includes(type)) continue;
      out.push({ endpoint: we.id, url: we.url, secret: this.em.store.meta.get(we.id)?.secret ?? this.secret });
    }
    return out;
  }

  enqueue(event: Obj, targets: readonly Target[]): void {
    this.setStatus(event.id, "pending");
    for (const target of targets) this.queue.push({ event, target, attempt: 1 });
    this.schedule();
  }

  /** Stops delivery of matching recorded events and marks them failed (dropped webhooks). */
  suppress(eventIds: string[]): void {
    for (const id of eventIds) {
      this.suppressed.add(id);
      this.setStatus(id, "failed");
    }
    this.queue = this.queue.filter((j) => !this.suppressed.has(j.event.id));
  }

  private setStatus(eventId: string, s: "pending" | "ok" | "failed"): void {
    const m = this.em.store.meta.get(eventId) ?? {};
    // once failed, an event stays failed for `delivery_success=false` (Stripe keeps the failure)
    if (m.delivery === "failed" && s !== "failed") return;
    this.em.store.meta.set(eventId, { ...m, delivery: s });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue;
      this.queue = [];
      if (this.faults.shuffle) this.rng.shuffle(batch);
      for (const job of batch) this.start(job);
      this.checkIdle();
    });
  }

  private start(job: Job): void {
    if (this.suppressed.has(job.event.id)) return;
    if (job.attempt === 1 && !job.duplicate && this.rng.chance(this.faults.dropRate)) {
      this.record(job, null, false, "dropped by fault injection", true);
      this.setStatus(job.event.id, "failed");
      return;
    }
    if (job.attempt === 1 && !job.duplicate && this.rng.chance(this.faults.duplicateRate)) {
      this.later(() => this.start({ ...job, duplicate: true }), this.faults.deliveryDelayMs + 5);
    }
    const go = () => {
      if (this.inFlight >= this.maxConcurrent) {
        this.waiting.push(go);
        return;
      }
      this.inFlight++;
      void this.send(job).finally(() => {
        this.inFlight--;
        this.waiting.shift()?.();
        this.checkIdle();
      });
    };
    if (this.faults.deliveryDelayMs > 0) this.later(go, this.faults.deliveryDelayMs);
    else go();
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
      this.checkIdle();
    }, ms);
    this.timers.add(t);
  }

  private async send(job: Job): Promise<void> {
    const payload = this.payload(job.event);
    const t = Math.floor(Date.now() / 1000); // real time: receivers check it against their clock
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(job.target.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(payload, job.target.secret, t),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = (e as Error).message;
    }
    const ok = status !== null && status >= 200 && status < 300;
    this.record(job, status, ok, error);
    if (ok) {
      if (!job.duplicate) {
        job.event.pending_webhooks = Math.max(0, (job.event.pending_webhooks ?? 1) - 1);
        if (job.event.pending_webhooks === 0) this.setStatus(job.event.id, "ok");
      }
      return;
    }
    if (job.duplicate) return;
    if (job.attempt >= this.maxAttempts) {
      this.setStatus(job.event.id, "failed");
      return;
    }
    // exponential backoff: base, 2×base, 4×base…
    this.later(() => this.start({ ...job, attempt: job.attempt + 1 }), this.retryBaseMs * 2 ** (job.attempt - 1));
  }

  /** The JSON body Stripe POSTs: the event with its data snapshot spliced in without re-parsing. */
  payload(e: Obj): string {
    const prev = e.previous_attributes ? `,"previous_attributes":${JSON.stringify(e.previous_attributes)}` : "";
    return (
      `{"id":${JSON.stringify(e.id)},"object":"event","api_version":${JSON.stringify(e.api_version)},` +
      `"created":${e.created},"data":{"object":${e.data_raw}${prev}},"livemode":${e.livemode === true},` +
      `"pending_webhooks":${e.pending_webhooks},"request":${JSON.stringify(e.request)},"type":${JSON.stringify(e.type)}}`
    );
  }

  private record(job: Job, status: number | null, ok: boolean, error?: string, dropped?: boolean): void {
    this.log.push({
      event: job.event.id,
      type: job.event.type,
      endpoint: job.target.endpoint,
      url: job.target.url,
      attempt: job.attempt,
      status,
      ok,
      ...(error ? { error } : {}),
      ...(job.duplicate ? { duplicate: true } : {}),
      ...(dropped ? { dropped: true } : {}),
      at: Date.now(),
    });
    if (this.log.length > 50_000) this.log.splice(0, 10_000);
  }

  private get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && this.timers.size === 0 && !this.scheduled && this.waiting.size === 0;
  }

  private checkIdle(): void {
    if (!this.idle) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** Resolves when every queued delivery, retry and duplicate has been attempted. */
  flush(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Cancels pending deliveries and retries (used by reset/close). */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.waiting = new Fifo();
    this.checkIdle();
  }

  reset(): void {
    this.cancelAll();
    this.log = [];
    this.suppressed.clear();
    this.faults = { ...NO_FAULTS };
    this.enabled = true;
    this.rng = new Rng(this.em.seed);
  }

  toJSON(): Obj {
    return { suppressed: [...this.suppressed], enabled: this.enabled };
  }

  restore(j: Obj): void {
    this.cancelAll();
    this.suppressed = new Set(j.suppressed ?? []);
    this.enabled = j.enabled ?? true;
  }
}
