/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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
