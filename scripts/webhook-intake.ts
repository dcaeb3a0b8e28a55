// `npm run intake`: a dedicated Stripe webhook intake (POST /api/stripe/webhook, GET /healthz)
// for deployments that route the webhook path to it instead of to Next. INTAKE_PORT (3001).
import type { AddressInfo } from "node:net";
import { logger } from "@/lib/logger";
import { createIntakeServer } from "@/features/stripe-sync/intake/intake-server";
import { intakeWriter } from "@/features/stripe-sync/intake/intake-writer";
import { env } from "@/lib/env";

// The embedded database belongs to one process (the web server's): a second one needs Postgres.
if (!env().DATABASE_URL) {
  console.error("%s needs DATABASE_URL (Postgres): the embedded database under .data/ can be opened by one process only, the web server.", "npm run intake");
  process.exit(1);
}

const server = createIntakeServer({ writer: await intakeWriter() });
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.INTAKE_PORT ?? 3001), process.env.INTAKE_HOST ?? "0.0.0.0", () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port }, "webhook intake listening");
  process.stdout.write(`LISTENING ${port}\n`);
});
// Stop accepting, let requests in flight commit and answer, then exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
