import "server-only";
import { notFound } from "next/navigation";
import { loadPage as load } from "@/features/auth/load-page";
import { defaultRootCause } from "../compose/default-root-cause";
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

type Search = Record<string, string | string[] | undefined>;

/**
 * The "new correction" page from its address. With ?recalculation=<id>: a credit note from that
 * saved recalculation (the split, memo and reason as typed so far; the recalculation must be of
 * this dispute). Without it only ?kind=refund is a page: a refund of one of the customer's
 * charges. Anything else is a 404. The values are what the form starts from.
 */
export async function loadNewCorrectionPage(disputeId: string, search: Search) {
  const one = (k: string) => (typeof search[k] === "string" ? (search[k] as string) : undefined);
  const path = `/desk/disputes/${disputeId}/corrections/new`;
  const recalculationId = one("recalculation");
  if (!recalculationId) {
    if (one("kind") !== "refund") notFound();
    const override = { confirmed: one("override") === "on", reason: one("overrideReason") ?? "" };
    const draft = await loadRefundDraft(disputeId, { chargeStripeId: one("chargeStripeId"), amount: one("amount"), override });
    const values = {
      chargeStripeId: draft.chargeStripeId,
      amount: draft.amount,
      rootCause: one("rootCause") ?? defaultRootCause(draft.dispute.reason),
      memo: one("memo") ?? "",
      override: override.confirmed ? "on" : "",
      overrideReason: override.reason,
    };
    return { kind: "refund" as const, path, draft, values };
  }
  const typed = ["refund", "credit", "outOfBand"].some((k) => one(k) !== undefined);
  const mode: "custom" | "invoice_line" = one("mode") === "custom" ? "custom" : "invoice_line";
  const draft = await getCorrectionDraftData(recalculationId, {
    mode,
    split: typed ? { refund: one("refund") ?? "", credit: one("credit") ?? "", outOfBand: one("outOfBand") ?? "" } : undefined,
    memo: one("memo"),
    reason: one("reason"),
  });
  if (draft.dispute.id !== disputeId) notFound();
  const values = { mode, memo: one("memo") ?? "", reason: draft.reason, rootCause: one("rootCause") ?? draft.defaultRootCause };
  return { kind: "credit_note" as const, path, draft, values, canSubmit: draft.lines.length > 0 && !draft.overLimit, showSplit: draft.postPayment > 0n };
}
