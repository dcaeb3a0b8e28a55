const SECURITY_HEADERS = [
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

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Responses leave Node uncompressed: the reverse proxy / load balancer in front compresses them
  // (README, "Configuration for production"). Gzip in Node cost ~1–2 ms of CPU per portal page
  // in the one thread that also renders pages (bench/RESULTS.md, "Portal (session 2, round 2)").
  compress: false,
  // Dispute attachments: up to 5 files of 10 MB per message go through a server action.
  // Next has one limit for every action, so proxy.ts (lib/http/body-limits) allows this size
  // only on the pages that take attachments and only with a live session; 1 MB elsewhere.
  experimental: { serverActions: { bodySizeLimit: "52mb" }, proxyClientMaxBodySize: "52mb" },
  // Fixed hardening headers on every response, static files included. The per-request ones
  // (Content-Security-Policy with its nonce, Strict-Transport-Security) come from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // Server-only packages with native or wasm parts stay outside the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "pdfkit",
    "smtp-server",
    "mailparser",
    "nodemailer",
  ],
};
export default nextConfig;
