import "server-only";
import Stripe from "stripe";
import { env } from "./env";
import { recordStripeResponse } from "./metrics/registry";
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

export function createStripe(options: { secretKey: string; apiBase?: string; maxNetworkRetries?: number; timeoutMs?: number }): Stripe {
  const client = new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    ...parseApiBase(options.apiBase),
    appInfo: { name: "settle" },
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
    holder.client = createStripe({ secretKey: e.STRIPE_SECRET_KEY, apiBase: process.env.STRIPE_API_BASE || e.STRIPE_API_BASE });
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
