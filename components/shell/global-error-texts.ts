import type { RouteTexts } from "./RouteTexts";

/**
 * The words of app/global-error.tsx, the one screen shown when the root layout itself failed:
 * no layout is left to translate them, and a client component importing the catalogs would ship
 * both whole to every page. So the few words live here, and app/global-error.test.ts keeps
 * them equal to the catalogs' (errors.pageTitle, …, errors.backHome).
 */
export const globalErrorTexts: Record<"en" | "ru", RouteTexts> = {
  en: {
    title: "This page could not be shown",
    body: "Something went wrong on our side. Nothing you entered was lost; try again, or go back.",
    retry: "Try again",
    back: "Go to the start page",
    backHref: "/",
    reference: "Reference for support: {digest}",
  },
  ru: {
    title: "Не удалось показать эту страницу",
    body: "У нас что-то пошло не так. Введённые данные не потеряны: попробуйте ещё раз или вернитесь назад.",
    retry: "Попробовать ещё раз",
    back: "На главную",
    backHref: "/",
    reference: "Код для поддержки: {digest}",
  },
};

/** The browser's preferred language among ours (Russian if it comes first among en/ru). */
export function browserLanguage(languages: readonly string[]): "en" | "ru" {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "ru" || base === "en") return base;
  }
  return "en";
}
