import "server-only";
import type { Db } from "@/lib/db";
import { getT } from "@/features/auth/request-locale";
import { formatAmount } from "./format";
import { forCustomerPage } from "./portal-access";

/**
 * For a portal document page (invoice, credit note): the translator, the document loaded for the
 * signed-in customer (404 when not found or not theirs) and a formatter for its currency.
 */
export async function loadCustomerDocument<D extends { currency: string }>(load: (customerIds: string[], db: Db) => Promise<D>) {
  const [{ t, locale }, d] = await Promise.all([getT(), forCustomerPage(load)]);
  return { t, locale, d, money: (a: bigint) => formatAmount(a, d.currency, locale) };
}
