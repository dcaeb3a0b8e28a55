import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui";
import { getT } from "@/features/auth/request-locale";
import { translate } from "@/lib/i18n";
import s from "../../auth.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "signInError.title") };
}

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [{ t }, { error }] = await Promise.all([getT(), searchParams]);
  const message =
    error === "Verification" ? t("signInError.verification") : error === "AccessDenied" ? t("signInError.accessDenied") : t("signInError.default");
  return (
    <main id="main" className={s.page}>
      <div className={s.header}>
        <p className={s.brand}>{t("app.name")}</p>
      </div>
      <div className={s.panel}>
        <h1>{t("signInError.title")}</h1>
        <p>{message}</p>
        <ButtonLink href="/sign-in" variant="primary" block>
          {t("signInError.back")}
        </ButtonLink>
      </div>
    </main>
  );
}
