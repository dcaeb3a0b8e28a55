import "server-only";
import { getT } from "@/features/auth/request-locale";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { getPortalOverview } from "./get-portal-overview";

/** The portal's overview page: the translator and the signed-in customer's overview. */
export async function loadOverviewPage() {
  const [{ t, locale }, o] = await Promise.all([getT(), forCustomerPage((customerIds, db) => getPortalOverview(db, { customerIds }))]);
  return { t, locale, o };
}
