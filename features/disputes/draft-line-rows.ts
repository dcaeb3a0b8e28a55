// The new-dispute form's line list, formatted on the server. Quantities go through the same
// formatter as the invoice page, so a line billed ×10 reads "10" in both places (trimming
// trailing zeros by regex once turned 10 and 100 into "1").
import { formatAmount, formatQuantity } from "@/features/billing-display/format";
import { explainDisplayLines } from "@/features/billing-display/explain-text";
import type { ExplainPrice } from "@/features/billing-display/explain-line";
import { lineUsageView } from "@/features/billing-display/metered-usage";
import { createT, type Locale } from "@/lib/i18n";

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
  /** A metered line's usage for its period ("Usage 1 Mar – 31 Mar: 12,340 API calls"), as on the invoice page. */
  usage: string | null;
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
  const t = createT(locale);
  return lines.map((l) => ({
    explanation: explained.lines.get(l.id) ?? null,
    // the usage only: a tiered line's tiers are in its explanation, as on the invoice page
    usage: lineUsageView(t, locale, { periodStart: l.periodStart ?? null, periodEnd: l.periodEnd ?? null, quantity: l.quantity }, l.price ?? null, currency, {
      tiers: false,
    }).usage,
    id: l.id,
    description: l.description ?? "—",
    quantity: formatQuantity(l.quantity, locale),
    amount: formatAmount(l.amount, currency, locale),
    taken: !!l.openDisputeId,
    preselected: l.preselected,
  }));
}
