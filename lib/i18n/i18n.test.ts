import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import ru from "./messages/ru.json";
import { formatDate, isMessageKey, matchAcceptLanguage, resolveLocale, translate } from "./index";

describe("catalogs", () => {
  it("en and ru have exactly the same keys", () => {
    const enKeys = Object.keys(en).sort();
    const ruKeys = Object.keys(ru).sort();
    expect(enKeys.filter((k) => !ruKeys.includes(k))).toEqual([]);
    expect(ruKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it("every message is non-empty and uses the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(en)) {
      const other = (ru as Record<string, string>)[key];
      expect(value.trim(), key).not.toBe("");
      expect(other?.trim(), key).not.toBe("");
      expect(placeholders(other), key).toEqual(placeholders(value));
    }
  });
});

describe("translate", () => {
  it("interpolates variables and keeps unknown placeholders visible", () => {
    expect(translate("en", "shell.signedInAs", { name: "Ann" })).toBe("Signed in as Ann");
    expect(translate("ru", "shell.signedInAs", { name: "Аня" })).toBe("Вы вошли как Аня");
    expect(translate("en", "shell.signedInAs")).toBe("Signed in as {name}");
  });
});

describe("isMessageKey", () => {
  it("accepts any key of the catalogs, whatever its prefix", () => {
    for (const key of ["audit.err.conflict", "audit.err.reasonRequired", "desk.sync.resyncRunning", "disputes.err.form", "shell.signedInAs"])
      expect(isMessageKey(key), key).toBe(true);
    expect(Object.keys(en).every(isMessageKey)).toBe(true);
  });
  it("refuses what is not a key: unknown or dynamic keys, prefixes, prototype names, non-strings", () => {
    for (const value of [
      "audit.err.transition.OPEN.CORRECTED",
      "audit.err.",
      "desk.",
      "",
      "Someone else changed this finding",
      "toString",
      "__proto__",
      "constructor",
      undefined,
      null,
      42,
      {},
    ]) {
      expect(isMessageKey(value), String(value)).toBe(false);
    }
  });
});

describe("locale resolution", () => {
  it("prefers the user's saved locale", () => {
    expect(resolveLocale({ userLocale: "ru", acceptLanguage: "en-US,en;q=0.9" })).toBe("ru");
  });
  it("ignores an unsupported saved locale and falls back to Accept-Language", () => {
    expect(resolveLocale({ userLocale: "de", acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.8" })).toBe("ru");
  });
  it("honours q-values and skips unsupported languages", () => {
    expect(matchAcceptLanguage("de-DE,de;q=0.9,en;q=0.5,ru;q=0.7")).toBe("ru");
    expect(matchAcceptLanguage("fr;q=1, en;q=0")).toBeUndefined();
    expect(matchAcceptLanguage("*")).toBeUndefined();
  });
  it("defaults to English", () => {
    expect(resolveLocale({})).toBe("en");
    expect(resolveLocale({ userLocale: null, acceptLanguage: "" })).toBe("en");
  });
});

describe("formatDate", () => {
  it("formats in the locale, in UTC", () => {
    const d = new Date(Date.UTC(2026, 0, 5, 23, 30));
    expect(formatDate("en", d)).toBe("5 Jan 2026");
    expect(formatDate("ru", d)).toMatch(/^5 янв\.? 2026/);
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("counts down in the largest whole unit, past deadlines as ago, in each language", async () => {
    const { formatRelativeTime } = await import("./index");
    expect(formatRelativeTime("en", new Date("2026-11-25T12:25:00Z"), now)).toBe("in 25 minutes");
    expect(formatRelativeTime("en", new Date("2026-11-25T15:40:00Z"), now)).toBe("in 3 hours");
    expect(formatRelativeTime("en", new Date("2026-11-25T10:00:00Z"), now)).toBe("2 hours ago");
    expect(formatRelativeTime("en", new Date("2026-11-29T12:00:00Z"), now)).toBe("in 4 days");
    expect(formatRelativeTime("ru", new Date("2026-11-25T15:40:00Z"), now)).toBe("через 3 часа");
  });
});
