// Next calls register() once per server start. The event processor, the incremental billing
// audit and its schedule only run in the Node runtime (not edge), never while `next build`
// prerenders pages (it loads this file too), and only when this web process is meant to host them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
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
  if (env().SETTLE_IN_PROCESS_WORKER !== "1") return;
  // Subscribe before the processor starts so no committed change goes unaudited.
  const { registerAuditOnSync } = await import("./features/billing-audit/register-audit-on-sync");
  registerAuditOnSync();
  // Corrections are confirmed by their credit_note/refund webhooks; a crash mid-issue is recovered.
  const { registerCorrectionsOnSync } = await import("./features/corrections/register-corrections-on-sync");
  registerCorrectionsOnSync();
  const { startCorrectionRecovery } = await import("./features/corrections/start-correction-recovery");
  startCorrectionRecovery();
  const { ensureEventProcessorStarted } = await import("./features/stripe-sync/start-event-processor");
  ensureEventProcessorStarted();
  const { ensureOutboxDrainerStarted } = await import("./features/notifications/drain-outbox");
  ensureOutboxDrainerStarted();
  // SLA due-soon and breached emails to staff (deduplicated in the outbox: once each).
  const { startSlaCheck } = await import("./features/disputes/start-sla-check");
  startSlaCheck();
  const { startAuditSchedule } = await import("./features/billing-audit/start-audit-schedule");
  if (env().SETTLE_AUDIT_EVERY_MINUTES > 0) startAuditSchedule({ everyMinutes: env().SETTLE_AUDIT_EVERY_MINUTES });
}
