// The hardening headers. The fixed ones go on every response: next.config.ts sets them (so static
// files get them too) and the webhook's fast path (features/stripe-sync/intake/webhook-fast-path)
// sends them itself. The ones that depend on the request or the deployment are set by proxy.ts on
// pages, actions and route handlers. Pure: no env reads here, the proxy passes what it knows.

// Fixed: the same on every response.
export const FIXED_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The portal uses none of these features; a script that got in cannot ask for them either.
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), browsing-topics=()",
  },
  // For browsers without CSP frame-ancestors (the policy from proxy.ts says the same).
  { key: "X-Frame-Options", value: "DENY" },
  // A private portal: no page, PDF or CSV belongs in a search index (also robots.txt).
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
];

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
