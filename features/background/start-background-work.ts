import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { registerAuditOnSync } from "@/features/billing-audit/register-audit-on-sync";
import { startAuditSchedule } from "@/features/billing-audit/start-audit-schedule";
import { registerCorrectionsOnSync } from "@/features/corrections/confirm/register-corrections-on-sync";
import { startCorrectionRecovery } from "@/features/corrections/issue/start-correction-recovery";
import { startSlaCheck } from "@/features/disputes/start-sla-check";
import { startOutboxDrainer } from "@/features/notifications/drain-outbox";
import { webhookArrivalsPerSecond } from "@/features/stripe-sync/intake/intake-arrivals";
import { startEventProcessor } from "@/features/stripe-sync/processor/start-event-processor";
import { DEFAULT_YIELD_RULE } from "@/features/stripe-sync/processor/yield-to-intake";
import { startInboxPruneSchedule } from "@/features/stripe-sync/retention/start-prune-schedule";

export type BackgroundWorkOptions = {
  /** Minutes between scheduled full billing-audit sweeps; 0 = none. */
  auditEveryMinutes: number;
  /** Hours between runs of the event inbox's retention (compaction, pruning); 0 or absent = none. */
  pruneInboxEveryHours?: number;
  /** Events the processor claims per batch (default 20). */
  batchSize?: number;
  /** How long a claim survives a crashed process before another may take the event (default 60). */
  lockSeconds?: number;
  /**
   * Webhook requests per second into this process from which the processor rests between
   * batches, so the acknowledgements win the CPU (processor/yield-to-intake.ts); 0 = never.
   * Default 50. Only the web process receives webhooks: in `npm run worker` the rate stays 0.
   */
  yieldToIntakeAbovePerSecond?: number;
};

export type BackgroundWork = {
  /** Stops everything; resolves once the event batch and the mail batch in flight have finished. */
  stop(): Promise<void>;
};

const holder = ((globalThis as { __settleBackgroundWork?: { work?: BackgroundWork } }).__settleBackgroundWork ??= {});

/**
 * The composition root of Settle's background work, for the web process (instrumentation.ts)
 * and `npm run worker` alike: the Stripe event processor, the re-audit and the correction
 * confirmations of each committed projection change, the recovery of corrections a crash left
 * in SUBMITTING, the mail outbox, the SLA emails, the scheduled billing-audit sweeps and the
 * event inbox's retention. The database comes from the caller (the process's edge:
 * instrumentation-node.ts, scripts/worker.ts).
 * Once per process: a second call (Next may run register() again on reload) returns the
 * running work.
 */
export function startBackgroundWork(db: Db, options: BackgroundWorkOptions): BackgroundWork {
  if (holder.work) return holder.work;
  const controller = new AbortController();
  // Subscribed before the processor starts, so no committed change goes unaudited.
  const stopAuditOnSync = registerAuditOnSync(db);
  // Corrections are confirmed by their credit_note/refund webhooks; a crash mid-issue is recovered.
  const stopCorrectionsOnSync = registerCorrectionsOnSync(db);
  const stopCorrectionRecovery = startCorrectionRecovery(db);
  const processor = startEventProcessor(db, {
    signal: controller.signal,
    batchSize: options.batchSize,
    lockSeconds: options.lockSeconds,
    yieldToIntake: {
      arrivalsPerSecond: () => webhookArrivalsPerSecond(),
      rule: { ...DEFAULT_YIELD_RULE, abovePerSecond: options.yieldToIntakeAbovePerSecond ?? DEFAULT_YIELD_RULE.abovePerSecond },
    },
  });
  // The email outbox (rows are claimed with SKIP LOCKED: safe beside other processes).
  const stopDrainer = startOutboxDrainer(db);
  // SLA due-soon and breached emails: every process may check, the outbox's dedupe keys send each once.
  const stopSlaCheck = startSlaCheck(db);
  // Full sweeps on a schedule; with several processes one sweeps at a time (advisory lock).
  const stopAuditSchedule = options.auditEveryMinutes > 0 ? startAuditSchedule(db, { everyMinutes: options.auditEveryMinutes }) : () => {};
  // The inbox's retention: idempotent, so every process may run it.
  const stopPruneSchedule = (options.pruneInboxEveryHours ?? 0) > 0 ? startInboxPruneSchedule(db, { everyHours: options.pruneInboxEveryHours! }) : () => {};
  logger.info("background work started");
  const work: BackgroundWork = {
    async stop() {
      controller.abort();
      stopAuditSchedule();
      stopPruneSchedule();
      stopAuditOnSync();
      stopCorrectionsOnSync();
      stopCorrectionRecovery();
      stopSlaCheck();
      await Promise.all([processor.stopped, stopDrainer()]);
      if (holder.work === work) holder.work = undefined;
    },
  };
  holder.work = work;
  return work;
}
