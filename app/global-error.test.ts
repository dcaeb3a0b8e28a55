import { describe, expect, it } from "vitest";
import { createT } from "@/lib/i18n";
import { browserLanguage, globalErrorTexts } from "@/components/shell/global-error-texts";
import { routeTexts } from "@/components/shell/route-texts";

describe("global error texts", () => {
  it.each(["en", "ru"] as const)("[%s] are the catalogs' words of the root error screen", (lang) => {
    expect(globalErrorTexts[lang]).toEqual(routeTexts(createT(lang), "/", "errors.backHome"));
  });

  it("follows the browser's first language we speak", () => {
    expect(browserLanguage(["ru-RU", "en-US"])).toBe("ru");
    expect(browserLanguage(["de-DE", "ru", "en"])).toBe("ru");
    expect(browserLanguage(["en-GB", "ru-RU"])).toBe("en");
    expect(browserLanguage(["fr-FR"])).toBe("en");
    expect(browserLanguage([])).toBe("en");
  });
});
