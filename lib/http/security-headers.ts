// The hardening headers that depend on the request or the deployment, set by proxy.ts on
// pages, actions and route handlers. The fixed ones (nosniff, Referrer-Policy,
// Permissions-Policy, X-Frame-Options) are in next.config.js, so static files get them too.
// Pure: no env reads here, the proxy passes what it knows.

export type CspOptions = {
  nonce: string;
  /** The public URL (NEXTAUTH_URL): the demo picker's form posts lead through it. */
  publicUrl: string;
  /** STRIPE_API_BASE when set: the emulator serves its hosted pages there. */
  stripeApiBase?: string;
  /** `next dev` evaluates code with eval for fast refresh; `next start` never does. */
  development: boolean;
};

// Form posts may end in a redirect to Stripe's hosted pages (pay, manage cards).
const STRIPE_HOSTED = ["https://checkout.stripe.com", "https://billing.stripe.com", "https://invoice.stripe.com"];

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Scripts run only from our origin with this response's nonce ('strict-dynamic' lets Next's
 * nonce'd bootstrap load its chunks); no inline script without the nonce, no eval, no
 * plugins, no framing. Inline style attributes stay allowed: React and the charts set them,
 * and they cannot run code.
 */
export function contentSecurityPolicy(o: CspOptions): string {
  const https = o.publicUrl.startsWith("https:");
  const formTargets = new Set(["'self'", ...STRIPE_HOSTED]);
  for (const origin of [originOf(o.publicUrl), originOf(o.stripeApiBase)]) if (origin) formTargets.add(origin);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${[...formTargets].join(" ")}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, subdomains included: only sent when the public URL is https. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

export function strictTransportSecurity(publicUrl: string): string | undefined {
  return publicUrl.startsWith("https:") ? HSTS_VALUE : undefined;
}
