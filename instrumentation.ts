// Next calls register() once per server start. The event processor only runs in the Node
// runtime (not edge) and only when this web process is meant to host it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  if (env().SETTLE_IN_PROCESS_WORKER !== "1") return;
  const { ensureEventProcessorStarted } = await import("./features/stripe-sync/start-event-processor");
  ensureEventProcessorStarted();
  const { ensureOutboxDrainerStarted } = await import("./features/notifications/drain-outbox");
  ensureOutboxDrainerStarted();
}
