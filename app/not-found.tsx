import { getT } from "@/features/auth/request-locale";
import { ButtonLink, EmptyState } from "@/components/ui";
import s from "./(auth)/auth.module.css";

export default async function NotFound() {
  const { t } = await getT();
  return (
    <main id="main" className={s.page}>
      <div className={s.panel}>
        <EmptyState title={t("errors.notFoundTitle")} headingLevel={2} action={<ButtonLink href="/">{t("errors.backHome")}</ButtonLink>}>
          <p>{t("errors.notFoundBody")}</p>
        </EmptyState>
      </div>
    </main>
  );
}
