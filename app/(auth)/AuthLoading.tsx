import { RouteLoading } from "@/components/shell/RouteLoading";
import { getT } from "@/features/auth/request-locale";
import s from "./auth.module.css";

/** A sign-in page's loading state: the brand and the panel stay, with the shared status line. */
export default async function AuthLoading() {
  const { t } = await getT();
  return (
    <main id="main" className={s.page}>
      <div className={s.header}>
        <p className={s.brand}>{t("app.name")}</p>
      </div>
      <div className={s.panel}>
        <RouteLoading />
      </div>
    </main>
  );
}
