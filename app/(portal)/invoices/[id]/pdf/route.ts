import { forCustomerFile } from "@/features/billing-display/portal-access";
import { renderInvoicePdf } from "@/features/invoices/render-invoice-pdf";
import { getLocale } from "@/features/auth/request-locale";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const [{ id }, locale] = await Promise.all([params, getLocale()]);
  return forCustomerFile(async (customerIds, db) => {
    const { pdf, fileName } = await renderInvoicePdf(db, { customerIds, invoiceId: id, locale });
    return { body: pdf, type: "application/pdf", fileName };
  });
}
