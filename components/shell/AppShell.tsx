import type { ReactNode } from "react";
import { signOutAction } from "@/features/auth/actions";
import type { SessionUser } from "@/features/auth/get-session-user";
import type { Locale, Translate } from "@/lib/i18n";
import { LocaleSwitch } from "./LocaleSwitch";
import { NavLinks, type NavItem } from "./NavLinks";
import s from "./shell.module.css";

const roleKey = { CUSTOMER: "shell.roleCustomer", AGENT: "shell.roleAgent", LEAD: "shell.roleLead", ADMIN: "shell.roleAdmin" } as const;

/** The shared frame: skip link, product name, language, the signed-in person, sign-out, role navigation. */
export function AppShell({
  user,
  nav,
  area,
  home,
  t,
  locale,
  children,
}: {
  user: SessionUser;
  nav: NavItem[];
  area?: string;
  home: string;
  t: Translate;
  locale: Locale;
  children: ReactNode;
}) {
  const display = user.name ?? user.email;
  return (
    <>
      <a href="#main" className={s.skip}>
        {t("shell.skipToContent")}
      </a>
      <header className={s.header}>
        <div className={s.bar}>
          <a href={home} className={s.brand}>
            {t("app.name")}
            {area && <span className={s.area}>{area}</span>}
          </a>
          <div className={s.user}>
            <LocaleSwitch t={t} locale={locale} />
            <div className={s.who} data-testid="signed-in-user">
              <span className={s.name}>
                <span className="visually-hidden">{t("shell.signedInAs", { name: "" })}</span>
                {display}
              </span>
              <span className={s.email}>
                {user.name ? user.email : ""} {user.name ? "· " : ""}
                {t(roleKey[user.role])}
              </span>
            </div>
            <form action={signOutAction} className={s.signOutForm}>
              <button type="submit" className={s.signOut} aria-label={`${t("shell.signOut")} (${user.email})`}>
                {t("shell.signOut")}
              </button>
            </form>
          </div>
        </div>
        <div className={s.navWrap}>
          <NavLinks items={nav} label={t("shell.mainNav")} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={s.main}>
        {children}
      </main>
    </>
  );
}
