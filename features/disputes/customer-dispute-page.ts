import "server-only";
import { getT } from "@/features/auth/request-locale";
import { loadCustomerDispute } from "./page-data";
import { REOPEN_WINDOW_DAYS, isClosed } from "./state-machine";

/**
 * The portal's dispute page: the translator, the customer's dispute, whether it is closed (the
 * state machine's closed statuses) and, when it may still be reopened, until when.
 */
export async function loadCustomerDisputePage(disputeId: string) {
  const [{ t, locale }, d] = await Promise.all([getT(), loadCustomerDispute(disputeId)]);
  const reopenUntil = d.canReopen && d.resolvedAt ? new Date(d.resolvedAt.getTime() + REOPEN_WINDOW_DAYS * 86_400_000) : null;
  return { t, locale, d, closed: isClosed(d.status), reopenUntil };
}
