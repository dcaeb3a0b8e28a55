// register() of instrumentation.ts, in the Node runtime only: the background work never runs
// while `next build` prerenders pages (it loads instrumentation too), and only when this web
// process is meant to host it.
export async function registerNode() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env, EnvError } = await import("./lib/env");
  try {
    env();
  } catch (error) {
    // Next would log this and keep serving errors; a misconfigured Settle must not run at all
    // (demo mode against a non-local Stripe, a short NEXTAUTH_SECRET, …).
    if (!(error instanceof EnvError)) throw error;
    console.error(`Settle refuses to start. ${error.message}`);
    process.exit(1);
  }
  // Before anything else: every request from now on carries its socket address (the per-IP
  // sign-in limit) and, without a trusted proxy, no client-chosen X-Forwarded-* header.
  const { installPeerAddressStamp } = await import("./lib/http/peer-address");
  installPeerAddressStamp(env().TRUSTED_PROXY_HOPS);
  if (env().SETTLE_WEBHOOK_FAST_PATH === "1") {
    const [{ installWebhookFastPath }, { intakeWriter }, { FIXED_SECURITY_HEADERS }] = await Promise.all([
      import("./features/stripe-sync/intake/webhook-fast-path"),
      import("./features/stripe-sync/intake/intake-writer"),
      import("./lib/http/security-headers"),
    ]);
    installWebhookFastPath({ writer: await intakeWriter(), headers: Object.fromEntries(FIXED_SECURITY_HEADERS.map((h) => [h.key, h.value])) });
  }
  if (env().SETTLE_IN_PROCESS_WORKER !== "1") return;
  const { startBackgroundWork } = await import("./features/background/start-background-work");
  const { getBackgroundDb } = await import("./lib/db");
  startBackgroundWork(await getBackgroundDb(), {
    auditEveryMinutes: env().SETTLE_AUDIT_EVERY_MINUTES,
    pruneInboxEveryHours: env().SETTLE_PRUNE_INBOX_EVERY_HOURS,
    yieldToIntakeAbovePerSecond: env().SETTLE_WORKER_YIELD_ABOVE_PER_SECOND,
  });
}
