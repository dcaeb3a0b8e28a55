import "server-only";
import type { Db } from "@/lib/db";
import { stringify } from "csv-stringify/sync";
import { minorToDecimalString } from "@/lib/money";
import { listInvoices } from "./list-invoices";
import type { InvoiceFilters } from "./invoice-filters";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

/**
 * The invoice list as CSV (same filters and ownership as the page, all pages). Amounts are
 * decimal strings with the currency's exponent beside an upper-case currency column, so a
 * spreadsheet never sees yen with cents or dinars with two decimals.
 */
export type ExportInvoicesCsvOptions = { customerIds: string[]; filters: InvoiceFilters };

export async function exportInvoicesCsv(db: Db, o: ExportInvoicesCsvOptions): Promise<string> {
  const records: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listInvoices(db, { customerIds: o.customerIds, filters: { ...o.filters, cursor }, limit: 100 });
    for (const i of page.items) {
      records.push([
        i.number ?? "",
        i.status.toLowerCase(),
        day(i.created),
        day(i.dueDate),
        day(i.periodStart),
        day(i.periodEnd),
        i.currency.toUpperCase(),
        minorToDecimalString(i.total, i.currency),
        minorToDecimalString(i.amountPaid, i.currency),
        minorToDecimalString(i.amountRemaining, i.currency),
      ]);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return stringify(records, {
    header: true,
    columns: ["number", "status", "issued", "due", "period_start", "period_end", "currency", "total", "amount_paid", "amount_remaining"],
  });
}
