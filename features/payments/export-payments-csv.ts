import "server-only";
import type { Db } from "@/lib/db";
import { stringify } from "csv-stringify/sync";
import { minorToDecimalString } from "@/lib/money";
import { createT, type Locale } from "@/lib/i18n";
import { chargeState } from "@/features/billing-display/labels";
import { listPayments } from "./list-payments";

/** Every payment attempt of the signed-in customer as CSV; failures carry the plain-words reason. */
export type ExportPaymentsCsvOptions = { customerIds: string[]; locale: Locale };

export async function exportPaymentsCsv(db: Db, o: ExportPaymentsCsvOptions): Promise<string> {
  const t = createT(o.locale);
  const records: string[][] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await listPayments(db, { customerIds: o.customerIds, cursor, limit: 500 });
    for (const p of page.items) {
      records.push([
        p.created.toISOString(),
        p.invoice?.number ?? "",
        chargeState(p),
        p.method ?? "",
        p.cardBrand ?? "",
        p.cardLast4 ?? "",
        p.currency.toUpperCase(),
        minorToDecimalString(p.amount, p.currency),
        minorToDecimalString(p.amountRefunded, p.currency),
        p.declineCode ?? "",
        p.explanation ? t(p.explanation) : "",
      ]);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return stringify(records, {
    header: true,
    columns: ["date", "invoice", "status", "method", "card_brand", "card_last4", "currency", "amount", "amount_refunded", "decline_code", "failure_reason"],
  });
}
