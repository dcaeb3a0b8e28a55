"use server";
import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { env } from "@/lib/env";
import { formEntries, optionalText, text, textOf } from "@/lib/form-data";
import type { FormState } from "@/lib/form-state";
import { getLocale } from "@/features/auth/request-locale";
import { action, redirectAction } from "./action";
import { clientIp } from "./client-ip";
import { requestSignInLink, type SignInRequestResult } from "./request-sign-in-link";
import { revokeSession } from "./revoke-session";
import { sessionCookieName } from "./session-cookie";

// Server actions (lib/server-action.ts). Sign-in has no actor yet: the use case validates the
// address and applies the per-address and per-IP rate limits itself; its answer is the form's
// `result` ("sent" for known and unknown addresses alike, "invalid", "rate_limited").

export type SignInFormState = FormState & { result?: SignInRequestResult | { status: "error" }; email?: string };

export const requestSignInLinkAction = action({
  name: "requestSignInLink",
  input: z.object({ email: text(), callbackUrl: optionalText() }),
  run: async ({ db, input }) => {
    const [h, locale] = await Promise.all([headers(), getLocale()]);
    return requestSignInLink(db, { input, ip: clientIp(h, env().TRUSTED_PROXY_HOPS), locale, defer: (task) => after(task) });
  },
  done: (result, input): SignInFormState => ({ status: "ok", result, email: input.email }),
  // The pipeline logs an unexpected failure with a request id; the form shows "could not send".
  onError: (state, _error, form): SignInFormState => ({ ...state, result: { status: "error" }, email: textOf(formEntries(form), "email") }),
});

/** Revokes the session in the database and drops its cookie, then goes to the sign-in page. */
export const signOutAction = redirectAction({
  name: "signOut",
  input: z.object({}),
  run: async ({ db }) => {
    const store = await cookies();
    const name = sessionCookieName();
    await revokeSession(db, store.get(name)?.value);
    store.delete(name);
  },
  redirectTo: () => "/sign-in",
});
