// Pure i18n helpers (no I/O): catalogs, a typed t(), locale resolution and date formatting.
// Safe for server and client modules; server code gets the request's locale from ./server.
import en from "./messages/en.json";
import ru from "./messages/ru.json";

export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

export type MessageKey = keyof typeof en;
// ru must have exactly en's keys; the catalog test checks both directions at run time too.
const catalogs: Record<Locale, Record<MessageKey, string>> = { en, ru: ru satisfies Record<MessageKey, string> };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/**
 * Whether a string is a key of the catalogs: a form state carries its message keys as plain
 * strings, so the UI checks them here and shows the generic text only for an unknown one.
 */
export const isMessageKey = (value: unknown): value is MessageKey => typeof value === "string" && Object.hasOwn(catalogs.en, value);

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (locales as readonly string[]).includes(value);

/** `{name}` placeholders are replaced; a missing variable stays visible rather than vanishing. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const createT =
  (locale: Locale): Translate =>
  (key, vars) =>
    translate(locale, key, vars);

/** Parses an Accept-Language header into the best supported locale, or undefined. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return undefined;
}

/** The user's saved locale wins, then the browser's Accept-Language, then English. */
export function resolveLocale(input: { userLocale?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  return matchAcceptLanguage(input.acceptLanguage) ?? defaultLocale;
}

const intlTag: Record<Locale, string> = { en: "en-GB", ru: "ru-RU" };
export const intlLocale = (locale: Locale) => intlTag[locale];

/** Dates for people: formatted in the user's locale, in UTC unless a time zone is given. */
export function formatDate(locale: Locale, date: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  const value = date instanceof Date ? date : new Date(date);
  // Building an Intl.DateTimeFormat costs ~0.1 ms (it loads locale data); pages and PDFs format
  // hundreds of dates, so formatters are kept per locale and options (a handful in practice).
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(intlTag[locale], { timeZone: "UTC", ...options })));
  return f.format(value);
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export const allCatalogs = catalogs;

/**
 * A deadline relative to now, for people: "in 3 hours", "2 days ago". The largest whole unit
 * (minutes below an hour, hours below two days, then days), so a countdown reads at a glance.
 */
export function formatRelativeTime(locale: Locale, target: Date, now: Date): string {
  const minutes = Math.round((target.getTime() - now.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  const rtf = new Intl.RelativeTimeFormat(intlTag[locale], { numeric: "always" });
  if (abs < 60) return rtf.format(minutes, "minute");
  if (abs < 48 * 60) return rtf.format(Math.trunc(minutes / 60), "hour");
  return rtf.format(Math.trunc(minutes / (24 * 60)), "day");
}
