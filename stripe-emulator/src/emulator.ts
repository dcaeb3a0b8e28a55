// The emulator core: state, clock, ids, the request dispatcher shared by HTTP and
// in-process callers, event recording. Resources register their routes in src/resources.
import { randomBytes } from "node:crypto";
import { Clock, DEFAULT_START } from "./clock";
import { StripeApiError, authError, invalid, missing } from "./errors";
import { applyExpand } from "./expand";
import { IdGenerator } from "./ids";
import { arr, type Params } from "./params";
import { Router, type Method } from "./router";
import { Store, type CollectionName, type Obj } from "./store";
import { ApiLimiter, NO_LIMITS, type RateLimits } from "./rate-limits";
import { WebhookDispatcher, type Target } from "./webhooks";
import { Internal } from "./internal";
import { registerAll } from "./resources";
import { listArray } from "./list";
import { syncLines } from "./resources/invoice-build";

export const API_VERSION = "2026-10-28.endive";

export interface EmulatorOptions {
  seed?: number;
  webhookUrl?: string;
  webhookSecret?: string;
  /** unix seconds; default 2026-01-01T00:00:00Z */
  startTime?: number;
  /** first retry delay for failed webhook deliveries (ms); doubles each attempt */
  retryBaseMs?: number;
  /** Stripe's API limiters on the HTTP front end (default: off; the CLI's `serve` turns on live-mode figures) */
  rateLimits?: RateLimits;
  /**
   * A live-mode account: accepts only sk_live_/rk_live_ keys and marks every object and event
   * `livemode: true`. Stripe keeps the two modes apart as if they were two accounts, so one
   * emulator is one mode; run two for both.
   */
  livemode?: boolean;
  /**
   * Base URL of the emulator's own hosted pages (hosted_invoice_url, billing-portal sessions);
   * startEmulator() sets it to the address it listens on when it is not given.
   */
  publicUrl?: string;
}

export interface ApiOptions {
  idempotencyKey?: string;
  apiKey?: string;
  stripeVersion?: string;
}

export interface DispatchResult {
  status: number;
  body: unknown;
  /** exact JSON text sent on the wire (replayed byte for byte for idempotent retries) */
  raw: string;
  requestId: string;
  replayed?: boolean;
}

interface IdemEntry {
  fingerprint: string;
  status: number;
  raw: string;
  createdAt: number;
}

const DEFAULT_KEY = "sk_test_emulator";
const DEFAULT_LIVE_KEY = "sk_" + "live_emulator";
const NO_REQUEST = Object.freeze({ id: null, idempotency_key: null });
const LINES_MARK = `emulator-lines-${randomBytes(12).toString("hex")}`;
const LINES_MARK_JSON = `"lines":"${LINES_MARK}"`;
const IDEM_MAX = 20_000;
/**
 * Event snapshots are packed into shared strings of about this many characters (see packSnapshots).
 * Above V8's largest regular object (128 KiB), so a pack lives in large-object space.
 */
const PACK_CHARS = 256 * 1024;
/** No webhook targets (shared: most events of a bulk run have none, webhooks being off). */
const NO_TARGETS: readonly Target[] = Object.freeze([]);

export class Emulator {
  readonly seed: number;
  /** the mode of this account (see EmulatorOptions.livemode) */
  readonly livemode: boolean;
  publicUrl: string;
  clock: Clock;
  ids: IdGenerator;
  store = new Store();
  readonly webhooks: WebhookDispatcher;
  /** Stripe's rate and concurrency limiters, applied to /v1 requests over HTTP */
  readonly limiter: ApiLimiter;
  readonly internal: Internal;
  private router = new Router();
  private idem = new Map<string, IdemEntry>();
  private requestSeq = 0;
  /**
   * Bumped by every state change (non-GET requests, every emitted event, touch()). Cached
   * response JSON of an object is reused only while it is unchanged, which keeps GETs cheap.
   * Code that mutates store objects directly without emitting an event must call touch().
   */
  mutationSeq = 0;
  private rawCache = new WeakMap<object, { seq: number; raw: string }>();
  /** JSON text of embedded line lists (see toJSONText) */
  private linesJSON = new WeakMap<object, string>();
  /** Events whose `data_raw` is not packed yet (see packSnapshots), and their characters. */
  private unpacked: Obj[] = [];
  private unpackedChars = 0;
  /** request currently being handled; recorded on events as `request.id` */
  current: { readonly id: string | null; readonly idempotency_key: string | null } = NO_REQUEST;

  constructor(readonly opts: EmulatorOptions = {}) {
    this.seed = opts.seed ?? 0;
    this.limiter = new ApiLimiter(opts.rateLimits ?? NO_LIMITS);
    this.livemode = opts.livemode === true;
    this.publicUrl = (opts.publicUrl ?? "http://127.0.0.1:12111").replace(/\/$/, "");
    this.clock = new Clock(opts.startTime ?? DEFAULT_START);
    this.ids = new IdGenerator(this.seed);
    this.webhooks = new WebhookDispatcher(this, {
      url: opts.webhookUrl,
      secret: opts.webhookSecret,
      retryBaseMs: opts.retryBaseMs,
    });
    this.internal = new Internal(this);
    registerAll(this.router);
  }

  /** Synchronous in-process API call: exactly what the HTTP server runs after decoding the request. */
  api(method: Method, path: string, params: Params = {}, opts: ApiOptions = {}): { status: number; body: any } {
    const r = this.dispatch(method, path, params, { apiKey: this.livemode ? DEFAULT_LIVE_KEY : DEFAULT_KEY, ...opts });
    return { status: r.status, body: JSON.parse(r.raw) };
  }

  dispatch(method: string, path: string, params: Params, opts: ApiOptions): DispatchResult {
    const requestId = `req_${(++this.requestSeq).toString(36).padStart(12, "0")}`;
    const key = opts.idempotencyKey;
    if (method !== "GET") this.mutationSeq++;
    try {
      if (!opts.apiKey)
        throw authError(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        );
      const mode = this.livemode ? "live" : "test";
      if (!new RegExp(`^[sr]k_${mode}_\\w+$`).test(opts.apiKey))
        throw authError(`Invalid API Key provided: ${opts.apiKey.slice(0, 8)}${"*".repeat(Math.max(0, opts.apiKey.length - 8))}`);
    } catch (e) {
      return this.errorResult(e as StripeApiError, requestId);
    }
    if (key !== undefined && method === "POST") {
      if (key.length > 255)
        return this.errorResult(invalid("Idempotency key must be at most 255 characters.", undefined, "idempotency_key_too_long"), requestId);
      const fingerprint = method + " " + path + " " + stableStringify(params);
      const cacheKey = opts.apiKey + "\u0000" + key;
      const prev = this.idem.get(cacheKey);
      if (prev) {
        if (prev.fingerprint !== fingerprint) {
          return this.errorResult(
            new StripeApiError(400, {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            }),
            requestId,
          );
        }
        return { status: prev.status, body: undefined, raw: prev.raw, requestId, replayed: true };
      }
      const r = this.run(method, path, params, requestId, key);
      this.idem.set(cacheKey, { fingerprint, status: r.status, raw: r.raw, createdAt: this.clock.now() });
      // Stripe keeps keys ≥ 24 h; bound memory by dropping the oldest beyond that or past a cap
      if (this.idem.size > IDEM_MAX) this.pruneIdempotency();
      return r;
    }
    return this.run(method, path, params, requestId, key);
  }

  private run(method: string, path: string, params: Params, requestId: string, key?: string): DispatchResult {
    const m = this.router.match(method, path);
    if (m === null || m === "method") {
      return this.errorResult(new StripeApiError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` }), requestId);
    }
    // frozen: every event of the request shares this object as its `request`
    this.current = Object.freeze({ id: requestId, idempotency_key: key ?? null });
    try {
      let body = m.handler({ em: this, p: params, path: m.path, url: path });
      const expand = arr(params, "expand") as string[] | undefined;
      if (expand?.length) body = applyExpand(this, body, expand);
      if (method !== "GET") this.mutationSeq++;
      return this.okResult(body, requestId);
    } catch (e) {
      if (e instanceof StripeApiError) return this.errorResult(e, requestId);
      const err = new StripeApiError(500, { type: "api_error", message: `Internal emulator error: ${(e as Error).message}` });
      return this.errorResult(err, requestId);
    } finally {
      this.current = NO_REQUEST;
    }
  }

  /**
   * A 200 result whose JSON text is rendered on first read of `raw`. In-process callers that
   * use `body` directly (the scenario generator) never pay for it; HTTP, `api()` and the
   * idempotency cache read it at once. Reading it after a later state change would describe
   * the new state, so that throws instead.
   */
  private okResult(body: unknown, requestId: string): DispatchResult {
    const seq = this.mutationSeq;
    let raw: string | undefined;
    const serialize = () => {
      if (raw === undefined) {
        if (this.mutationSeq !== seq) throw new Error("DispatchResult.raw read after a later state change");
        raw = this.serialize(body);
      }
      return raw;
    };
    return {
      status: 200,
      body,
      get raw() {
        return serialize();
      },
      requestId,
    };
  }

  private pruneIdempotency(): void {
    const cutoff = this.clock.now() - 86400;
    let excess = this.idem.size - IDEM_MAX / 2;
    for (const [k, v] of this.idem) {
      if (excess <= 0 && v.createdAt >= cutoff) break;
      this.idem.delete(k);
      excess--;
    }
  }

  private errorResult(e: StripeApiError, requestId: string): DispatchResult {
    const body = { error: { ...e.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } };
    return { status: e.status, body, raw: JSON.stringify(body), requestId };
  }

  touch(): void {
    this.mutationSeq++;
  }

  /** JSON text of a response; lists are assembled from per-object cached JSON. */
  serialize(body: any): string {
    if (body && body.object === "list" && Array.isArray(body.data) && Object.keys(body).length === 4) {
      return `{"object":"list","data":[${body.data.map((o: unknown) => this.rawOf(o)).join(",")}],"has_more":${body.has_more},"url":${JSON.stringify(body.url)}}`;
    }
    return this.rawOf(body);
  }

  private rawOf(o: unknown): string {
    if (!o || typeof o !== "object") return JSON.stringify(o);
    const c = this.rawCache.get(o);
    if (c && c.seq === this.mutationSeq) return c.raw;
    const raw = this.toJSONText(o as Obj);
    this.rawCache.set(o, { seq: this.mutationSeq, raw });
    return raw;
  }

  /**
   * JSON.stringify(o), byte for byte, reusing the JSON of an embedded `lines` list (invoices,
   * credit notes): that list is half of an invoice's JSON and, once finalized, it never
   * changes while the invoice goes through finalized → paid → updated… events. The JSON is
   * cached per list object; syncLines() makes a new list object after every change to the
   * lines (recompute ends with it), which is what keeps the cache right. The result is a
   * concatenation, so the events of one invoice also share the lines text in memory.
   */
  toJSONText(o: Obj): string {
    const lines = o.lines;
    if (!lines || typeof lines !== "object" || lines.object !== "list" || !Array.isArray(lines.data) || lines.data.length === 0) return JSON.stringify(o);
    let lj = this.linesJSON.get(lines);
    if (lj === undefined) {
      lj = JSON.stringify(lines);
      this.linesJSON.set(lines, lj);
    }
    let text: string;
    o.lines = LINES_MARK;
    try {
      text = JSON.stringify(o);
    } finally {
      o.lines = lines;
    }
    // the marker is a per-process nonce: `"lines":"<nonce>"` can only be this key's value
    const at = text.indexOf(LINES_MARK_JSON);
    return text.slice(0, at) + '"lines":' + lj + text.slice(at + LINES_MARK_JSON.length);
  }

  // ---- helpers used by resource handlers ----

  get<T extends Obj = Obj>(col: CollectionName, id: string | undefined, kind: string, param = "id"): T {
    const o = id ? this.store.c[col].get(id) : undefined;
    if (!o) throw missing(kind, id ?? "", param);
    return o as T;
  }

  newId(prefix: string): string {
    return this.ids.next(prefix);
  }

  /** Object as returned by the API (objects with lists embed the first 10 lines). */
  render(o: Obj): Obj {
    if (o.object === "event") return this.renderEvent(o);
    return o;
  }

  renderEvent(e: Obj): Obj {
    const { data_raw, previous_attributes, object_id: _oid, ...rest } = e;
    const data: Obj = { object: JSON.parse(data_raw) };
    if (previous_attributes) data.previous_attributes = previous_attributes;
    return { ...rest, data, pending_webhooks: e.pending_webhooks };
  }

  invoicePaymentsList(invoiceId: string): Obj {
    const ids: string[] = this.store.meta.get(invoiceId)?.payments ?? [];
    const items = ids.map((id) => this.store.c.invoice_payments.get(id)!).filter(Boolean);
    return listArray(items, { limit: 100 }, `/v1/invoice_payments?invoice=${invoiceId}`);
  }

  /** A charge's `refunds` (includable: only with expand[]=refunds), newest first as Stripe lists them. */
  chargeRefundsList(chargeId: string): Obj {
    const items = this.store.c.refunds.where("charge", chargeId).reverse();
    return listArray(items, { limit: 10 }, `/v1/charges/${chargeId}/refunds`);
  }

  /** Records an event (always) and queues its webhook deliveries (when enabled). */
  emit(type: string, object: Obj, previous_attributes?: Obj): Obj {
    return this.emitRaw(type, object, this.toJSONText(object), previous_attributes);
  }

  /**
   * Several events about one unchanged object (invoice.paid + payment_succeeded + updated) share
   * one snapshot string: events are most of the memory of a large generated account.
   */
  emitSame(types: string[], object: Obj, previous_attributes?: Obj): void {
    const raw = this.toJSONText(object);
    for (const t of types) this.emitRaw(t, object, raw, previous_attributes);
  }

  private emitRaw(type: string, object: Obj, data_raw: string, previous_attributes?: Obj): Obj {
    this.mutationSeq++;
    const targets = this.webhooks.enabled ? this.webhooks.targetsFor(type) : NO_TARGETS;
    const event: Obj = {
      id: this.newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.clock.now(),
      data_raw,
      object_id: object.id,
      livemode: this.livemode,
      pending_webhooks: targets.length,
      request: this.current,
      type,
    };
    if (previous_attributes) event.previous_attributes = previous_attributes;
    this.store.c.events.insert(event);
    this.unpacked.push(event);
    this.unpackedChars += data_raw.length;
    if (this.unpackedChars >= PACK_CHARS) this.packSnapshots();
    if (targets.length) this.webhooks.enqueue(event, targets);
    return event;
  }

  /**
   * Moves the JSON snapshots (`data_raw`) of the latest events into one string and points each
   * event at its part of it (a slice: same characters, so nothing an event shows changes). Why: a
   * bulk run records hundreds of thousands of events, and each snapshot string, a few KB, was copied
   * by the garbage collector's young generation once or twice before it settled: most of the GC
   * time of a large test-clock advance. The small strings now die young (nothing copies them) and
   * the pack, past V8's largest regular object, is allocated once where it never moves. Events
   * sharing one snapshot (emitSame) share its part. A pack lives as long as any of its events:
   * events are pruned oldest first, so packs go with them.
   */
  private packSnapshots(): void {
    const events = this.unpacked;
    this.unpacked = [];
    this.unpackedChars = 0;
    const parts: string[] = [];
    let last: string | undefined;
    for (const e of events) {
      if (e.data_raw !== last) parts.push((last = e.data_raw as string));
    }
    const pack = parts.join("");
    let at = 0;
    let prev: string | undefined;
    let slice = "";
    for (const e of events) {
      const raw = e.data_raw as string;
      if (raw !== prev) {
        slice = pack.slice(at, at + raw.length);
        at += raw.length;
        prev = raw;
      }
      e.data_raw = slice;
    }
  }

  // ---- state management ----

  snapshot(): Obj {
    return JSON.parse(this.snapshotJSON());
  }

  /** The snapshot as JSON text (what `GET /_emulator/snapshot` sends; avoids a parse/stringify round trip). */
  snapshotJSON(): string {
    return JSON.stringify({
      version: 1,
      clock: this.clock.now(),
      seed: this.seed,
      ids: this.ids.counters,
      store: this.store.toJSON(),
      webhooks: this.webhooks.toJSON(),
    });
  }

  restore(snap: Obj): void {
    if (!snap || snap.version !== 1) throw new Error("unsupported snapshot");
    this.clock.set(snap.clock);
    this.ids = new IdGenerator(snap.seed ?? this.seed);
    this.ids.counters = { ...(snap.ids ?? {}) };
    this.store = Store.from(snap.store ?? {});
    // embedded `lines` were separate JSON copies: point them back at the live line objects
    for (const inv of this.store.c.invoices.items.values()) syncLines(this, inv);
    for (const cn of this.store.c.credit_notes.items.values()) syncLines(this, cn);
    this.webhooks.restore(snap.webhooks ?? {});
    this.idem.clear();
    this.unpacked = [];
    this.unpackedChars = 0;
    this.mutationSeq++;
  }

  reset(): void {
    // a fresh clock: a live one (followRealTime) goes back to the deterministic start too
    this.clock = new Clock(this.opts.startTime ?? DEFAULT_START);
    this.ids = new IdGenerator(this.seed);
    this.store = new Store();
    this.idem.clear();
    this.unpacked = [];
    this.unpackedChars = 0;
    this.webhooks.reset();
    this.mutationSeq++;
  }
}

/** JSON with sorted keys, so the idempotency fingerprint ignores key order. */
function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return "[" + v.map(stableStringify).join(",") + "]";
  if (v && typeof v === "object") {
    return (
      "{" +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ":" + stableStringify((v as Obj)[k]))
        .join(",") +
      "}"
    );
  }
  return JSON.stringify(v);
}
