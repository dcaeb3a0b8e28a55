import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/features/auth/get-session-user";
import { safeCallbackPath } from "@/features/auth/issue-sign-in-link";
import { isStaffRole } from "@/features/auth/roles";
import { getDemoSignIn } from "@/features/auth/get-demo-sign-in";
import { getT } from "@/features/auth/request-locale";
import { translate } from "@/lib/i18n";
import { DemoPicker } from "./DemoPicker";
import { SignInForm } from "./SignInForm";
import s from "../auth.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "signIn.title") };
}

// No loading.tsx here, on purpose: a loading boundary streams the page, and the redirect of a
// signed-in visitor below would then be a 200 with a client-side redirect instead of an HTTP 307
// (e2e/security.spec.ts checks every odd callbackUrl answers a redirect).
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t, locale }, params, user] = await Promise.all([getT(), searchParams, getSessionUser()]);
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : "/");
  if (user) redirect(isStaffRole(user.role) && callbackUrl === "/" ? "/desk" : callbackUrl);
  const demo = await getDemoSignIn();
  return (
    <main id="main" className={s.page}>
      <div className={s.header}>
        <p className={s.brand}>{t("app.name")}</p>
        <p className={s.tagline}>{t("app.tagline")}</p>
      </div>
      <div className={s.panel}>
        <SignInForm locale={locale} callbackUrl={callbackUrl} />
      </div>
      {demo.enabled && <DemoPicker users={demo.users} locale={locale} />}
    </main>
  );
}
