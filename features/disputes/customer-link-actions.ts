"use server";
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/features/auth/get-session-user";
import { linkCustomerUser } from "@/features/auth/link-customer-user";
import { unlinkCustomerUser } from "@/features/auth/unlink-customer-user";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { isUnexpected, str, toFormState, type FormState } from "./action-state";

// The desk customer page's link forms. The feature functions check the role (lead or admin)
// and validate the input; nothing here trusts the form.

async function perform(form: FormData, work: () => Promise<unknown>): Promise<FormState> {
  try {
    await work();
  } catch (err) {
    if (isUnexpected(err)) logger.error({ err }, "customer link action failed");
    return toFormState(err, form);
  }
  revalidatePath(`/desk/customers/${str(form, "customerId")}`);
  return { status: "ok", at: Date.now() };
}

export async function linkCustomerUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return perform(form, async () => {
    const input = { customerId: str(form, "customerId"), email: str(form, "email"), reason: str(form, "reason") };
    await linkCustomerUser(await getDb(), { actor: await getSessionUser(), input });
  });
}

export async function unlinkCustomerUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return perform(form, async () => {
    const input = { customerId: str(form, "customerId"), userId: str(form, "userId"), reason: str(form, "reason") };
    await unlinkCustomerUser(await getDb(), { actor: await getSessionUser(), input });
  });
}
