import { forCustomerFile } from "@/features/billing-display/portal-access";
import { renderCreditNotePdf } from "@/features/credit-notes/render-credit-note-pdf";
import { getLocale } from "@/features/auth/request-locale";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const [{ id }, locale] = await Promise.all([params, getLocale()]);
  return forCustomerFile(async (customerIds, db) => {
    const { pdf, fileName } = await renderCreditNotePdf(db, { customerIds, creditNoteId: id, locale });
    return { body: pdf, type: "application/pdf", fileName };
  });
}
