import "server-only";
import { loadPage as load } from "@/features/auth/load-page";
import { getCorrectionDetail } from "./get-correction-detail";
import { getCorrectionDraft, type DraftOptions } from "../compose/get-correction-draft";
import { getRefundDraft } from "../preview/get-refund-draft";
import { listDisputeCorrections } from "./list-dispute-corrections";
import { listPendingApprovals } from "../approval/list-pending-approvals";

// Page loaders for app/ (which never imports Prisma): not signed in → sign-in; no access or not found → 404.

/**
 * The "new correction" page for a saved recalculation (the recalculation page links here with
 * ?recalculation=<id>): credit-note lines, our estimate, Stripe's preview, the split, limits.
 */
export const getCorrectionDraftData = (recalculationId: string, draft?: DraftOptions) =>
  load((db, actor) => getCorrectionDraft(db, { actor, recalculationId, draft }));

export const loadRefundDraft = (
  disputeId: string,
  typed: { chargeStripeId?: string; amount?: string; override?: { confirmed: boolean; reason: string } } = {},
) => load((db, actor) => getRefundDraft(db, { actor, disputeId, ...typed }));
export const loadCorrection = (correctionId: string) =>
  load(async (db, actor) => ({ correction: await getCorrectionDetail(db, { actor, correctionId }), me: actor! }));
export const loadPendingApprovals = () => load((db, actor) => listPendingApprovals(db, { actor }));
export const loadDisputeCorrections = (disputeId: string) => load((db, actor) => listDisputeCorrections(db, { actor, disputeId }));
