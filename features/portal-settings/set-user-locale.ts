import "server-only";
import { z } from "zod";
import type { Actor } from "@/features/auth/actor";
import type { Db } from "@/lib/db";
import { UnauthenticatedError, ValidationError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { locales } from "@/lib/i18n";
import { zodFieldErrors } from "@/lib/zod-fields";

export const setUserLocaleSchema = z.object({
  locale: z.enum(locales),
  // only same-site paths: never an open redirect
  returnTo: z.unknown().transform((v) => safeRedirectPath(v)),
});

export type SetUserLocaleOptions = { actor: Actor; input: { locale: string; returnTo?: string } };

/** Stores the signed-in user's language (staff and customers alike); returns the same-site path to go back to. */
export async function setUserLocale(db: Db, { actor, input }: SetUserLocaleOptions): Promise<{ returnTo: string }> {
  if (!actor) throw new UnauthenticatedError();
  const parsed = setUserLocaleSchema.safeParse({ locale: input.locale, returnTo: input.returnTo ?? "/" });
  if (!parsed.success) throw new ValidationError("disputes.err.form", zodFieldErrors(parsed.error));
  await db.user.update({ where: { id: actor.id }, data: { locale: parsed.data.locale } });
  return { returnTo: parsed.data.returnTo };
}
