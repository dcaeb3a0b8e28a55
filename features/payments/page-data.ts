import "server-only";
import { getT } from "@/features/auth/request-locale";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { listPayments } from "./list-payments";

export type PaymentsPageParams = { cursor?: string | string[]; portal?: string | string[] };

/** The portal payments page: the translator, one page of the customer's payments, and whether the card portal was unavailable. */
export async function loadPaymentsPage(params: PaymentsPageParams) {
  const cursor = typeof params.cursor === "string" ? params.cursor : null;
  const [{ t, locale }, page] = await Promise.all([getT(), forCustomerPage((customerIds, db) => listPayments(db, { customerIds, cursor }))]);
  return { t, locale, page, portalUnavailable: params.portal === "unavailable" };
}
