import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { AppError, NotFoundError } from "@/lib/errors";
import { getStripe, stripePageUrl } from "@/lib/stripe";

/**
 * A Stripe customer-portal session for one of the signed-in customer's own Stripe customers,
 * where they add, replace and choose the default card; Stripe sends them back to `returnUrl`.
 * Returns the session's URL. Ownership is in the query: another customer's id is a 404.
 */
export type OpenBillingPortalOptions = {
  customerIds: string[];
  /** one of customerIds (a person linked to several Stripe customers picks one); default the first */
  customerId?: string;
  returnUrl: string;
  locale?: string | null;
  stripe?: Stripe;
};

export async function openBillingPortal(db: Db, o: OpenBillingPortalOptions): Promise<string> {
  const wanted = o.customerId ?? o.customerIds[0];
  if (!wanted || !o.customerIds.includes(wanted)) throw new NotFoundError();
  const customer = await db.customer.findFirst({ where: { id: wanted, AND: [{ id: { in: o.customerIds } }], deleted: false }, select: { stripeId: true } });
  if (!customer) throw new NotFoundError();
  const session = await (o.stripe ?? getStripe()).billingPortal.sessions.create({
    customer: customer.stripeId,
    return_url: o.returnUrl,
    ...(o.locale === "ru" || o.locale === "en" ? { locale: o.locale } : {}),
  });
  const url = stripePageUrl(session.url);
  // Never redirect a customer to a URL that cannot be Stripe's (see lib/stripe-pages).
  if (!url)
    throw new AppError(
      "billing_portal_unavailable",
      "The payment-method page is not available right now.",
      502,
      undefined,
      "portal.payments.portalUnavailable",
    );
  return url;
}
