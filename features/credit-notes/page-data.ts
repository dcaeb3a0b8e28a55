import "server-only";
import { getT } from "@/features/auth/request-locale";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { listCreditNotes } from "./list-credit-notes";

/** The portal credit-notes list: the translator and one page of the customer's credit notes. */
export async function loadCreditNotesPage(params: { cursor?: string | string[] }) {
  const cursor = typeof params.cursor === "string" ? params.cursor : null;
  const [{ t, locale }, page] = await Promise.all([getT(), forCustomerPage((customerIds, db) => listCreditNotes(db, { customerIds, cursor }))]);
  return { t, locale, page };
}
