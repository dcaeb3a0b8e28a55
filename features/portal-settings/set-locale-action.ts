"use server";
import { z } from "zod";
import { redirectAction } from "@/features/auth/action";
import { ValidationError } from "@/lib/errors";
import { optionalText, text } from "@/lib/form-data";
import { setUserLocale } from "./set-user-locale";

/**
 * The language switch, a no-JavaScript form (server actions carry Next's origin check against
 * CSRF). Every page's text depends on the locale, so the whole tree is revalidated. A locale or
 * path that is not ours goes home; signed out, the error propagates (the page asks to sign in).
 */
export const setLocaleAction = redirectAction({
  name: "setLocale",
  input: z.object({ locale: text(), returnTo: optionalText() }),
  run: ({ db, actor, input }) => setUserLocale(db, { actor, input }),
  revalidate: () => [{ path: "/", type: "layout" }],
  redirectTo: ({ returnTo }) => returnTo,
  failed: (error) => (error instanceof ValidationError ? "/" : undefined),
});
