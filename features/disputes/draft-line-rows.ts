// The new-dispute form's line list, formatted on the server. Quantities go through the same
// formatter as the invoice page, so a line billed ×10 reads "10" in both places (trimming
// trailing zeros by regex once turned 10 and 100 into "1").
import { formatAmount, formatQuantity } from "@/features/billing-display/format";
import type { Locale } from "@/lib/i18n";

export type DraftLine = { id: string; description: string | null; quantity: string; amount: bigint; openDisputeId: string | null; preselected: boolean };
export type DraftLineRow = { id: string; description: string; quantity: string; amount: string; taken: boolean; preselected: boolean };

export function draftLineRows(lines: DraftLine[], currency: string, locale: Locale): DraftLineRow[] {
  return lines.map((l) => ({
    id: l.id,
    description: l.description ?? "—",
    quantity: formatQuantity(l.quantity, locale),
    amount: formatAmount(l.amount, currency, locale),
    taken: !!l.openDisputeId,
    preselected: l.preselected,
  }));
}
