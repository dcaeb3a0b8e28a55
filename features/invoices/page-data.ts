import "server-only";
import { getT } from "@/features/auth/request-locale";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { invoiceFiltersQuery, isFiltered, isReversedRange, parseInvoiceFilters } from "./invoice-filters";
import { listInvoices } from "./list-invoices";

/** The portal invoice list: its filters, one page of the customer's invoices, and the hrefs and flags the page shows. */
export async function loadInvoicesPage(params: Record<string, string | string[] | undefined>) {
  const filters = parseInvoiceFilters(params);
  const [{ t, locale }, page] = await Promise.all([getT(), forCustomerPage((customerIds, db) => listInvoices(db, { customerIds, filters }))]);
  return {
    t,
    locale,
    filters,
    page,
    filtered: isFiltered(filters),
    reversed: isReversedRange(filters),
    csvHref: `/invoices/csv${invoiceFiltersQuery(filters)}`,
    pager: {
      firstHref: `/invoices${invoiceFiltersQuery(filters)}`,
      prevHref: page.prevCursor ? `/invoices${invoiceFiltersQuery(filters, { cursor: page.prevCursor })}` : null,
      nextHref: page.nextCursor ? `/invoices${invoiceFiltersQuery(filters, { cursor: page.nextCursor })}` : null,
      isFirstPage: page.isFirstPage,
    },
  };
}
