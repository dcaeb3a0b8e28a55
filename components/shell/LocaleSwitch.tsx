import { Suspense } from "react";
import { setLocaleAction } from "@/features/portal-settings/set-locale-action";
import { locales, type Locale, type Translate } from "@/lib/i18n";
import { ReturnToInput } from "./ReturnToInput";
import s from "./shell.module.css";

/**
 * A plain form in the shared header (works without JavaScript): choose a language and save it
 * to the profile, then come back to the page it was changed on.
 *
 * On phones it shares a row with the product name: the "Language" label is only visually
 * hidden (it still names the select), a globe marks the control, and the button shows its
 * short text while its accessible name stays the full one, which begins with the short text
 * (WCAG 2.5.3, label in name: "portal.locale.saveShort" must be the start of "portal.locale.save").
 */
export function LocaleSwitch({ t, locale }: { t: Translate; locale: Locale }) {
  return (
    <form action={setLocaleAction} className={s.localeSwitch}>
      <Suspense fallback={null}>
        <ReturnToInput />
      </Suspense>
      <svg className={s.globe} viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9M12 3c-2.5 2.6-3.8 5.6-3.8 9s1.3 6.4 3.8 9" />
      </svg>
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
        <span className={s.saveLong}>{t("portal.locale.save")}</span>
        <span className={s.saveShort} aria-hidden="true">
          {t("portal.locale.saveShort")}
        </span>
      </button>
    </form>
  );
}
