// Links to Stripe's hosted pages (hosted_invoice_url, billing-portal session urls) come from
// synced data and API answers, and Settle puts them in href attributes and redirects. Only a
// URL that can be Stripe's is let through: https, or — when STRIPE_API_BASE is the local
// emulator on a loopback address — plain http on the emulator's own origin. Anything else
// (javascript:, data:, http elsewhere, garbage) is dropped, so a poisoned value cannot run
// script in the portal or send a customer to a look-alike payment page over plain http.

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function safeStripePageUrl(url: string | null | undefined, apiBase: string | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  if (u.protocol === "https:") return u.href;
  if (u.protocol !== "http:" || !apiBase) return null;
  let base: URL;
  try {
    base = new URL(apiBase);
  } catch {
    return null;
  }
  return base.protocol === "http:" && LOOPBACK.has(base.hostname) && u.origin === base.origin ? u.href : null;
}
