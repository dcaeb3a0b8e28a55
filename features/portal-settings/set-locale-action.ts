"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/features/auth/require-user";
import { locales } from "@/lib/i18n";
import { getDb } from "@/lib/db";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

const schema = z.object({
  locale: z.enum(locales),
  // only same-site paths: never an open redirect
  returnTo: z.unknown().transform((v) => safeRedirectPath(v)),
});

/** Stores the signed-in user's language (server actions carry Next's origin check against CSRF). */
export async function setLocaleAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const parsed = schema.safeParse({ locale: form.get("locale"), returnTo: form.get("returnTo") ?? "/" });
  if (!parsed.success) redirect("/");
  const db = await getDb();
  await db.user.update({ where: { id: user.id }, data: { locale: parsed.data.locale } });
  revalidatePath("/", "layout");
  redirect(parsed.data.returnTo);
}
