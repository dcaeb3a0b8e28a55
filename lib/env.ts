import { z } from "zod";

// The whole environment, validated once. A bad value stops start-up with a message that
// names the variable (never its value: it may be a secret).
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    // Connections of the background work hosted by a web process (SETTLE_IN_PROCESS_WORKER=1),
    // apart from DB_POOL_MAX so that projecting a burst never holds the ones people's pages need.
    DB_BACKGROUND_POOL_MAX: z.coerce.number().int().min(1).max(100).default(4),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must look like sk_test_… or sk_live_…")
      .default("sk_test_settle_local"),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9_]+$/, "must look like whsec_…")
      .default("whsec_" + "settle_local_development_secret"),
    STRIPE_API_BASE: z.url("must be a URL such as http://127.0.0.1:12111").optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .default("smtp://127.0.0.1:1025"),
    EMAIL_FROM: z.string().min(3).default("Settle <billing@settle.local>"),
    NEXTAUTH_URL: z.url("must be the public URL of the portal").default("http://localhost:3000"),
    NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    // How many reverse proxies in front of Settle append to X-Forwarded-For (each must
    // overwrite or append, never pass on what the client sent). 0: Settle faces clients
    // directly, and only the socket address counts (features/auth/client-ip).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Per-customer total of dispute attachments their users may upload.
    ATTACHMENT_QUOTA_MB: z.coerce.number().int().min(1).max(100_000).default(200),
    // Settle's shared Stripe API budget (lib/stripe-budget.ts): auto = off against the local
    // emulator (STRIPE_API_BASE set), live figures with a live key, sandbox figures otherwise.
    STRIPE_API_BUDGET: z.enum(["auto", "live", "sandbox", "off"]).default("auto"),
    // Bearer token Prometheus sends to GET /api/metrics; unset: the endpoint answers 404.
    METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Demo-only features (sign-in-as picker, mailbox page). See the refinement below.
    SETTLE_DEMO: z.enum(["0", "1"]).default("0"),
    // Start the event processor and schedulers inside the web process.
    SETTLE_IN_PROCESS_WORKER: z.enum(["0", "1"]).default("1"),
    // 1: `next start` answers POST /api/stripe/webhook on Node's own request, before Next's router
    // (features/stripe-sync/intake/webhook-fast-path.ts); 0: the route handler answers it.
    SETTLE_WEBHOOK_FAST_PATH: z.enum(["0", "1"]).default("1"),
    // With the in-process worker: webhook requests per second into this process from which the
    // worker rests between batches so acknowledgements win the CPU (it keeps a quarter of the
    // time, the inbox absorbs the burst); 0 = never rest.
    SETTLE_WORKER_YIELD_ABOVE_PER_SECOND: z.coerce.number().int().min(0).max(1_000_000).default(50),
    // decide: apply an event's own snapshot when that is safe and fetch the object only when it
    // buys correctness (features/stripe-sync/processor/refetch-decision.ts); always: fetch every
    // object an event concerns (the behaviour before, for comparison).
    SETTLE_SYNC_REFETCH: z.enum(["decide", "always"]).default("decide"),
    // Minutes between full billing-audit sweeps in each web process and worker (an advisory
    // lock lets one sweep at a time); 0 turns the schedule off.
    SETTLE_AUDIT_EVERY_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    // Hours between runs of the event inbox's retention in each web process and worker
    // (features/stripe-sync/retention/prune-inbox.ts: payloads compacted after 7 days, handled
    // events replay does not read deleted after 90); 0 turns the schedule off.
    SETTLE_PRUNE_INBOX_EVERY_HOURS: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24)
      .default(24),
    ATTACHMENTS_DIR: z.string().min(1).default(".data/attachments"),
    // The seller printed on every invoice and credit-note PDF. The address may span lines ("\n"
    // or "|" separates them); the tax id is printed as given (VAT, INN, EIN …).
    SETTLE_SELLER_NAME: z.string().trim().min(1).max(120, "must be at most 120 characters").default("Settle demo seller"),
    SETTLE_SELLER_ADDRESS: z.string().trim().max(400, "must be at most 400 characters").optional(),
    SETTLE_SELLER_TAX_ID: z.string().trim().max(60, "must be at most 60 characters").optional(),
    // Demo only: the local mail catcher's JSON API, read by the demo mailbox page.
    MAIL_CATCHER_URL: z.url("must be the mail catcher's URL such as http://127.0.0.1:1080").default("http://127.0.0.1:1080"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required in production" });
    } else if (env.NODE_ENV === "production" && env.NEXTAUTH_SECRET && env.NEXTAUTH_SECRET.length < 32) {
      // Sessions and sign-in tokens are keyed by it; a short one can be guessed offline.
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "must be at least 32 characters in production (e.g. `openssl rand -hex 32`)" });
    }
    if (env.SETTLE_DEMO === "1") {
      // Demo mode signs people in without a mail round trip: it must never point at real
      // money. It refuses live keys and real Stripe.
      if (env.STRIPE_SECRET_KEY.includes("_live_")) {
        ctx.addIssue({ code: "custom", path: ["SETTLE_DEMO"], message: "cannot be used with a live Stripe key" });
      }
      // The emulator runs on this machine: a base that is not a loopback address may be
      // Stripe itself (https://api.stripe.com) or anyone's server.
      if (env.STRIPE_API_BASE ? !isLoopbackUrl(env.STRIPE_API_BASE) : env.NODE_ENV === "production") {
        ctx.addIssue({
          code: "custom",
          path: ["SETTLE_DEMO"],
          message:
            "is only allowed against the local Stripe emulator: set STRIPE_API_BASE to a loopback address such as http://127.0.0.1:12111, or unset SETTLE_DEMO",
        });
      }
    }
  });

/** localhost, 127.0.0.0/8 or [::1]: only this machine can answer there. */
export function isLoopbackUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const isDemo = () => env().SETTLE_DEMO === "1";

/**
 * The Stripe mode this deployment runs in: the configured key's (sk_live_/rk_live_ → live,
 * sk_test_/rk_test_ → test). Stripe keeps the two modes apart like two accounts, so the key
 * sees only its own mode's objects, and Settle projects, reconciles and audits only that mode.
 */
export const stripeLivemode = (key: string = env().STRIPE_SECRET_KEY): boolean => /^(sk|rk)_live_/.test(key);
