import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { assertCustomer, customerIdsOf, type Actor } from "@/features/auth/actor";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
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

const pickCustomer = z.object({ customer: z.string().min(1).max(64).optional() });

export type OpenCustomerBillingPortalOptions = {
  /** The session user: its customer ids are read with the session when it carries them. */
  actor: (NonNullable<Actor> & { customerIds?: string[] }) | null;
  /** `customer`: which of the user's Stripe customers (a malformed one means the first). */
  input: { customer?: string };
  stripe?: Stripe;
};

/** The customer's own billing portal, returning to the payments page in the user's language. */
export async function openCustomerBillingPortal(db: Db, { actor, input, stripe }: OpenCustomerBillingPortalOptions): Promise<string> {
  const user = assertCustomer(actor);
  const customerIds = user.customerIds ?? (await customerIdsOf(db, user.id));
  const parsed = pickCustomer.safeParse(input);
  return openBillingPortal(db, {
    customerIds,
    customerId: parsed.success ? parsed.data.customer : undefined,
    returnUrl: new URL("/payments", env().NEXTAUTH_URL).href,
    locale: user.locale,
    stripe,
  });
}
