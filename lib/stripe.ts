import "server-only";
import Stripe from "stripe";
import { env } from "./env";
import { getDb, type Db } from "./db";
import { metrics, recordStripeResponse, stripeEndpoint } from "./metrics/registry";
import { LIVE_BUDGET, SANDBOX_BUDGET, acquireStripeBudget, budgetAccount, currentStripePriority, type StripeBudget } from "./stripe-budget";
import { safeStripePageUrl } from "./stripe-pages";

// One Stripe client per process. STRIPE_API_BASE points it at the local emulator; unset →
// Stripe itself. The API version is the one the SDK's types were generated for, so the
// shapes we read are the shapes the types promise.
export const STRIPE_API_VERSION = Stripe.API_VERSION as Stripe.LatestApiVersion;

type Holder = { client?: Stripe; key?: string };
const holder = ((globalThis as { __settleStripe?: Holder }).__settleStripe ??= {});

export function parseApiBase(base: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

type NodeHttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/** Stripe's Node HTTP client, each request (retries included) waiting for the shared budget first. */
function budgetedHttpClient(getBudgetDb: () => Promise<Db>, account: string, budget: StripeBudget): NodeHttpClient {
  const inner = Stripe.createNodeHttpClient();
  const client: NodeHttpClient = Object.create(inner);
  client.makeRequest = async (host, port, path, method, headers, requestData, protocol, timeout) => {
    const priority = currentStripePriority();
    const { waitedMs } = await acquireStripeBudget(await getBudgetDb(), {
      account,
      endpoint: `${method.toUpperCase()} ${stripeEndpoint(path)}`,
      priority,
      budget,
    });
    if (waitedMs > 0) {
      metrics().stripeBudgetWaitSeconds.inc({ priority }, waitedMs / 1000);
      metrics().stripeBudgetWaited.inc({ priority });
    }
    return inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
  };
  return client;
}

/** The budget in force: off against the emulator unless asked for, else by the key's mode. */
export function stripeBudgetFor(setting: "auto" | "live" | "sandbox" | "off", secretKey: string, apiBase: string | undefined): StripeBudget | null {
  if (setting === "off" || (setting === "auto" && apiBase)) return null;
  if (setting === "live" || (setting === "auto" && /^(sk|rk)_live_/.test(secretKey))) return LIVE_BUDGET;
  return SANDBOX_BUDGET;
}

export function createStripe(options: {
  secretKey: string;
  apiBase?: string;
  maxNetworkRetries?: number;
  timeoutMs?: number;
  /** draw every request from the account's shared budget in this database */
  budget?: { db: () => Promise<Db>; limits: StripeBudget };
}): Stripe {
  const client = new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    ...parseApiBase(options.apiBase),
    appInfo: { name: "settle" },
    ...(options.budget ? { httpClient: budgetedHttpClient(options.budget.db, budgetAccount(options.secretKey), options.budget.limits) } : {}),
  });
  // every response, errors and throttling included, counts in the process's metrics
  client.on("response", recordStripeResponse);
  return client;
}

/** The process's Stripe client (rebuilt if the key or base changed, e.g. between tests). */
export function getStripe(): Stripe {
  const e = env();
  const key = `${e.STRIPE_SECRET_KEY}|${process.env.STRIPE_API_BASE ?? ""}`;
  if (!holder.client || holder.key !== key) {
    const apiBase = process.env.STRIPE_API_BASE || e.STRIPE_API_BASE;
    const limits = stripeBudgetFor(e.STRIPE_API_BUDGET, e.STRIPE_SECRET_KEY, apiBase);
    holder.client = createStripe({ secretKey: e.STRIPE_SECRET_KEY, apiBase, budget: limits ? { db: getDb, limits } : undefined });
    holder.key = key;
  }
  return holder.client;
}

/** A hosted-page URL from Stripe (or the emulator) that is safe to link to, else null (see lib/stripe-pages). */
export function stripePageUrl(url: string | null | undefined): string | null {
  return safeStripePageUrl(url, process.env.STRIPE_API_BASE || env().STRIPE_API_BASE);
}

/** Webhook verification needs no network: a client without a real key is enough. */
export function stripeWebhooks(): Stripe["webhooks"] {
  return getStripe().webhooks;
}

export type { Stripe };
