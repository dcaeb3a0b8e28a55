"use server";
import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { getLocale } from "@/features/auth/request-locale";
import { logger } from "@/lib/logger";
import { clientIp } from "./client-ip";
import { requestSignInLink, type SignInRequestResult } from "./request-sign-in-link";
import { revokeSession } from "./revoke-session";
import { sessionCookieName } from "./session-cookie";

export type SignInFormState = { result?: SignInRequestResult | { status: "error" }; email?: string };

export async function requestSignInLinkAction(_prev: SignInFormState, form: FormData): Promise<SignInFormState> {
  const email = String(form.get("email") ?? "");
  try {
    const [db, h, locale] = await Promise.all([getDb(), headers(), getLocale()]);
    const result = await requestSignInLink(db, {
      input: { email, callbackUrl: form.get("callbackUrl") ?? undefined },
      ip: clientIp(h, env().TRUSTED_PROXY_HOPS),
      locale,
      defer: (task) => after(task),
    });
    return { result, email };
  } catch (err) {
    logger.error({ err }, "sign-in request failed");
    return { result: { status: "error" }, email };
  }
}

export async function signOutAction(): Promise<void> {
  const store = await cookies();
  const name = sessionCookieName();
  await revokeSession(await getDb(), store.get(name)?.value);
  store.delete(name);
  redirect("/sign-in");
}
