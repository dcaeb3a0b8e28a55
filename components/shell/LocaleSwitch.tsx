import { Suspense } from "react";
import { setLocaleAction } from "@/features/portal-settings/set-locale-action";
import { locales, type Locale, type Translate } from "@/lib/i18n";
import { ReturnToInput } from "./ReturnToInput";
import s from "./shell.module.css";

/**
 * A plain form in the shared header (works without JavaScript): choose a language and save it
 * to the profile, then come back to the page it was changed on.
 */
export function LocaleSwitch({ t, locale }: { t: Translate; locale: Locale }) {
  return (
    <form action={setLocaleAction} className={s.localeSwitch}>
      <Suspense fallback={null}>
        <ReturnToInput />
      </Suspense>
      <label htmlFor="locale-select" className={s.localeLabel}>
        {t("portal.locale.label")}
      </label>
      <select id="locale-select" name="locale" defaultValue={locale} lang={locale} className={s.localeSelect}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`portal.locale.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" className={s.signOut}>
        {t("portal.locale.save")}
      </button>
    </form>
  );
}
