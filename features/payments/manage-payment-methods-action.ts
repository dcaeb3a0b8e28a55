"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireCustomer } from "@/features/auth/require-user";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { openBillingPortal } from "./open-billing-portal";

const schema = z.object({ customer: z.string().min(1).max(64).optional() });

/**
 * "Manage payment methods": opens Stripe's customer portal for the signed-in customer and
 * comes back to the payments page. A server action, so Next's origin check keeps other sites
 * from starting it (CSRF); the Stripe customer is always one of the session's own.
 */
export async function managePaymentMethodsAction(form: FormData): Promise<void> {
  const { user, customerIds } = await requireCustomer();
  const parsed = schema.safeParse({ customer: form.get("customer") ?? undefined });
  let url: string;
  try {
    url = await openBillingPortal(await getDb(), {
      customerIds,
      customerId: parsed.success ? parsed.data.customer : undefined,
      returnUrl: new URL("/payments", env().NEXTAUTH_URL).href,
      locale: user.locale,
    });
  } catch (error) {
    logger.error({ err: error }, "opening the billing portal failed");
    redirect("/payments?portal=unavailable");
  }
  redirect(url);
}
