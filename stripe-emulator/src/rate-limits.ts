// Stripe's API limiters, as https://docs.stripe.com/rate-limits describes them:
// - a global rate limit per account: 100 requests per second in live mode, 25 in a sandbox;
// - a limit per endpoint, 25 requests per second unless documented otherwise, where an endpoint
//   is a named operation (`GET /v1/invoices/{id}` for every invoice id is one endpoint), and
//   requests count against both;
// - a concurrency limiter on requests in flight (Stripe publishes no figure: ours is a setting).
// Beyond a limit Stripe answers 429 with `type: "rate_limit_error"`, code `rate_limit`.
// Each limit is a token bucket holding one second's worth, so a burst up to the figure passes and
// the sustained rate is the figure, as a per-second limiter allows.

export interface RateLimits {
  /** requests per second for the whole account; 0 = no limit */
  globalPerSecond: number;
  /** requests per second per endpoint (method + path template); 0 = no limit */
  endpointPerSecond: number;
  /** requests in flight at once; 0 = no limit */
  concurrency: number;
}

export const NO_LIMITS: RateLimits = { globalPerSecond: 0, endpointPerSecond: 0, concurrency: 0 };
export const LIVE_LIMITS: RateLimits = { globalPerSecond: 100, endpointPerSecond: 25, concurrency: 100 };
export const SANDBOX_LIMITS: RateLimits = { globalPerSecond: 25, endpointPerSecond: 25, concurrency: 25 };

export type LimitedReason = "global-rate" | "endpoint-rate" | "global-concurrency";

/** `GET /v1/invoices/in_123/lines` → `GET /v1/invoices/{id}/lines`: one endpoint for every id. */
export function endpointOf(method: string, path: string): string {
  const template = path
    .split("/")
    // an id is a lowercase prefix and a random part with digits or capitals (resource names have neither)
    .map((seg) => (/^[a-z]+(?:_[a-z]+)*_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{6,}$/.test(seg) ? "{id}" : seg))
    .join("/");
  return `${method.toUpperCase()} ${template}`;
}

class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = perSecond;
    this.at = now;
  }
  private refill(now: number) {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }
  take() {
    this.tokens -= 1;
  }
}

export interface LimiterCounts {
  allowed: number;
  limited: Record<LimitedReason, number>;
  /** per endpoint: requests allowed and refused */
  endpoints: Record<string, { allowed: number; limited: number }>;
}

export class ApiLimiter {
  private limits: RateLimits;
  private global?: Bucket;
  private endpoints = new Map<string, Bucket>();
  private inFlight = 0;
  counts: LimiterCounts = ApiLimiter.emptyCounts();

  constructor(
    limits: RateLimits = NO_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limits = { ...limits };
  }

  private static emptyCounts(): LimiterCounts {
    return { allowed: 0, limited: { "global-rate": 0, "endpoint-rate": 0, "global-concurrency": 0 }, endpoints: {} };
  }

  get settings(): RateLimits {
    return { ...this.limits };
  }

  configure(limits: Partial<RateLimits>): RateLimits {
    for (const [k, v] of Object.entries(limits)) {
      if (!(k in NO_LIMITS)) throw new Error(`unknown rate limit: ${k}`);
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`invalid value for ${k}: ${String(v)}`);
      this.limits[k as keyof RateLimits] = n;
    }
    this.global = undefined;
    this.endpoints.clear();
    this.counts = ApiLimiter.emptyCounts();
    return this.settings;
  }

  /**
   * Admits a request or says which limiter refused it. An admitted request holds a concurrency
   * slot until `release` is called. A refused one consumes nothing.
   */
  admit(endpoint: string): { ok: true } | { ok: false; reason: LimitedReason } {
    const { globalPerSecond, endpointPerSecond, concurrency } = this.limits;
    const now = this.now();
    const perEndpoint = (this.counts.endpoints[endpoint] ??= { allowed: 0, limited: 0 });
    const refuse = (reason: LimitedReason) => {
      this.counts.limited[reason]++;
      perEndpoint.limited++;
      return { ok: false as const, reason };
    };
    if (concurrency > 0 && this.inFlight >= concurrency) return refuse("global-concurrency");
    const global = globalPerSecond > 0 ? (this.global ??= new Bucket(globalPerSecond, now)) : undefined;
    let bucket: Bucket | undefined;
    if (endpointPerSecond > 0) {
      bucket = this.endpoints.get(endpoint);
      if (!bucket) this.endpoints.set(endpoint, (bucket = new Bucket(endpointPerSecond, now)));
    }
    if (global && !global.has(now)) return refuse("global-rate");
    if (bucket && !bucket.has(now)) return refuse("endpoint-rate");
    global?.take();
    bucket?.take();
    this.inFlight++;
    this.counts.allowed++;
    perEndpoint.allowed++;
    return { ok: true };
  }

  release() {
    if (this.inFlight > 0) this.inFlight--;
  }
}

/** `--rate-limits live|sandbox|off` or a JSON object of figures. */
export function parseRateLimits(input: string | Record<string, unknown>): RateLimits {
  if (input === "live") return { ...LIVE_LIMITS };
  if (input === "sandbox" || input === "test") return { ...SANDBOX_LIMITS };
  if (input === "off" || input === "none") return { ...NO_LIMITS };
  if (typeof input === "string") throw new Error(`rate limits must be live, sandbox or off, not ${input}`);
  const limiter = new ApiLimiter();
  return limiter.configure(input as Partial<RateLimits>);
}
