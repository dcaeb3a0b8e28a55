/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Responses leave Node uncompressed: the reverse proxy / load balancer in front compresses them
  // (README, "Configuration for production"). Gzip in Node cost ~1–2 ms of CPU per portal page
  // in the one thread that also renders pages (bench/RESULTS.md, "Portal (session 2, round 2)").
  compress: false,
  // Dispute attachments: up to 5 files of 10 MB per message go through a server action.
  experimental: { serverActions: { bodySizeLimit: "52mb" }, proxyClientMaxBodySize: "52mb" },
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
