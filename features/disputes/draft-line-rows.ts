// The new-dispute form's line list, formatted on the server. Quantities go through the same
// formatter as the invoice page, so a line billed ×10 reads "10" in both places (trimming
// trailing zeros by regex once turned 10 and 100 into "1").
import { formatAmount, formatQuantity } from "@/features/billing-display/format";
import { explainDisplayLines } from "@/features/billing-display/explain-text";
import type { ExplainPrice } from "@/features/billing-display/explain-line";
import type { Locale } from "@/lib/i18n";

export type DraftLine = {
  id: string;
  description: string | null;
  quantity: string;
  amount: bigint;
  openDisputeId: string | null;
  preselected: boolean;
  /** What explains a proration or tiered line (absent: nothing to explain). */
  proration?: boolean;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  subscriptionItemId?: string | null;
  price?: ExplainPrice | null;
};
/** `explanation`: how the line's amount was made (proration, tiers, packages), so the customer can dispute the part they disagree with. */
export type DraftLineRow = {
  id: string;
  description: string;
  quantity: string;
  amount: string;
  taken: boolean;
  preselected: boolean;
  explanation: string | null;
};

export function draftLineRows(lines: DraftLine[], currency: string, locale: Locale): DraftLineRow[] {
  const explained = explainDisplayLines(
    lines.map((l) => ({
      ...l,
      proration: l.proration ?? false,
      periodStart: l.periodStart ?? null,
      periodEnd: l.periodEnd ?? null,
      subscriptionItemId: l.subscriptionItemId ?? null,
      price: l.price ?? null,
    })),
    currency,
    locale,
  );
  return lines.map((l) => ({
    explanation: explained.lines.get(l.id) ?? null,
    id: l.id,
    description: l.description ?? "—",
    quantity: formatQuantity(l.quantity, locale),
    amount: formatAmount(l.amount, currency, locale),
    taken: !!l.openDisputeId,
    preselected: l.preselected,
  }));
}
