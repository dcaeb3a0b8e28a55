import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
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
    return [{ source: "/:path*", headers: [...FIXED_SECURITY_HEADERS] }];
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
