import { setLocaleAction } from "@/features/portal-settings/set-locale-action";
import { locales, type Locale, type Translate } from "@/lib/i18n";
import s from "./portal.module.css";

/** A plain form (works without JavaScript): choose a language and save it to the profile. */
export function LocaleSwitch({ t, locale, returnTo }: { t: Translate; locale: Locale; returnTo: string }) {
  return (
    <form action={setLocaleAction} className={s.localeSwitch}>
      <input type="hidden" name="returnTo" value={returnTo} />
      <label htmlFor="locale-select">{t("portal.locale.label")}</label>
      <select id="locale-select" name="locale" defaultValue={locale} lang={locale}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`portal.locale.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" className={s.smallButton}>
        {t("portal.locale.save")}
      </button>
    </form>
  );
}
