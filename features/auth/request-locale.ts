import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getSessionUser } from "./get-session-user";
import { createT, resolveLocale, type Locale, type Translate } from "@/lib/i18n";

/** The request's locale: the signed-in user's choice, then Accept-Language, then English. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [user, h] = await Promise.all([getSessionUser(), headers()]);
  return resolveLocale({ userLocale: user?.locale, acceptLanguage: h.get("accept-language") });
});

export const getT = cache(async (): Promise<{ t: Translate; locale: Locale }> => {
  const locale = await getLocale();
  return { t: createT(locale), locale };
});
