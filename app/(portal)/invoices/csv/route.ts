import { forCustomerFile } from "@/features/billing-display/portal-access";
import { exportInvoicesCsv } from "@/features/invoices/export-invoices-csv";
import { parseInvoiceFilters } from "@/features/invoices/invoice-filters";

export async function GET(request: Request) {
  const filters = parseInvoiceFilters(Object.fromEntries(new URL(request.url).searchParams));
  return forCustomerFile(async (customerIds, db) => ({
    body: await exportInvoicesCsv(db, { customerIds, filters }),
    type: "text/csv; charset=utf-8",
    fileName: "invoices.csv",
  }));
}
