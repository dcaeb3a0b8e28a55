"use server";
import { z } from "zod";
import { redirectAction } from "@/features/auth/action";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { optionalText } from "@/lib/form-data";
import { openCustomerBillingPortal } from "./open-billing-portal";

/**
 * "Manage payment methods": opens Stripe's customer portal for the signed-in customer and
 * comes back to the payments page. A server action, so Next's origin check keeps other sites
 * from starting it (CSRF); the Stripe customer is always one of the session's own. When the
 * portal cannot be opened the payments page says so; not a customer, the error propagates.
 */
export const managePaymentMethodsAction = redirectAction({
  name: "managePaymentMethods",
  input: z.object({ customer: optionalText() }),
  run: ({ db, actor, input }) => openCustomerBillingPortal(db, { actor, input }),
  redirectTo: (url) => url,
  failed: (error) => (error instanceof UnauthenticatedError || error instanceof ForbiddenError ? undefined : "/payments?portal=unavailable"),
});
