import "server-only";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { onProjectionChanged } from "@/features/stripe-sync/processor/notifier";
import type { ProjectionChange } from "@/features/stripe-sync/types";
import { confirmFromCreditNote } from "./confirm-from-credit-note";
import { confirmFromRefund } from "./confirm-from-refund";

type Holder = { unsubscribe?: () => void };
const holder = ((globalThis as { __settleCorrectionsOnSync?: Holder }).__settleCorrectionsOnSync ??= {});

/** What one committed projection change means for corrections. */
export async function handleProjectionChange(db: Db, change: ProjectionChange): Promise<void> {
  if (change.kind === "credit_note") await confirmFromCreditNote(db, change.stripeId);
  else if (change.kind === "refund") await confirmFromRefund(db, change.stripeId);
}

/**
 * Subscribes correction confirmation to stripe-sync's notifier (credit_note.* and refund.*
 * webhooks, after their projection committed). Once per process; returns the unsubscribe. A
 * confirmation lost to a crash is picked up by recoverSubmittingCorrections().
 */
export function registerCorrectionsOnSync(db: Db): () => void {
  if (holder.unsubscribe) return holder.unsubscribe;
  const off = onProjectionChanged(async (change) => {
    if (change.kind !== "credit_note" && change.kind !== "refund") return;
    // A busy pool or a lock held by the issuer can fail one try: retry a few times, then leave
    // it to the periodic recovery (which confirms SUBMITTING corrections whose note is synced).
    for (let attempt = 1; ; attempt++) {
      try {
        await handleProjectionChange(db, change);
        return;
      } catch (err) {
        if (attempt >= 4) {
          logger.warn(
            { kind: change.kind, stripeId: change.stripeId, err: err instanceof Error ? err.message : String(err) },
            "correction confirmation failed",
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  });
  holder.unsubscribe = () => {
    off();
    holder.unsubscribe = undefined;
  };
  return holder.unsubscribe;
}
