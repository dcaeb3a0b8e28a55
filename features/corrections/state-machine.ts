import type { CorrectionStatus } from "@prisma/client";

// draft → pending approval → approved → submitting → issued | failed (retry → submitting);
// pending approval → rejected; issued → voided. Nothing moves back, nothing is deleted.
const transitions: Record<CorrectionStatus, readonly CorrectionStatus[]> = {
  DRAFT: ["PENDING_APPROVAL", "APPROVED"],
  PENDING_APPROVAL: ["APPROVED", "REJECTED"],
  APPROVED: ["SUBMITTING"],
  SUBMITTING: ["ISSUED", "FAILED"],
  // FAILED → ISSUED: Stripe's confirmation of an attempt whose answer was lost (a timeout
  // after Stripe had created the note) — reality wins over our record.
  FAILED: ["SUBMITTING", "ISSUED"],
  ISSUED: ["VOIDED"],
  REJECTED: [],
  VOIDED: [],
};

export const correctionStatuses = Object.keys(transitions) as CorrectionStatus[];

export function canCorrectionTransition(from: CorrectionStatus, to: CorrectionStatus): boolean {
  return transitions[from].includes(to);
}
