import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { UnauthenticatedError, ValidationError } from "@/lib/errors";
import { setUserLocale } from "./set-user-locale";

const fakeDb = () => {
  const updates: unknown[] = [];
  const db = { user: { update: async (args: unknown) => void updates.push(args) } } as unknown as Db;
  return { db, updates };
};
const user = { id: "user_1", role: "CUSTOMER" as const };

describe("setUserLocale", () => {
  it("stores the locale and returns a same-site path to go back to", async () => {
    const { db, updates } = fakeDb();
    expect(await setUserLocale(db, { actor: user, input: { locale: "ru", returnTo: "/invoices?page=2" } })).toEqual({ returnTo: "/invoices?page=2" });
    expect(updates).toEqual([{ where: { id: "user_1" }, data: { locale: "ru" } }]);
  });

  it("never an open redirect: another site or no path goes home", async () => {
    const { db } = fakeDb();
    for (const returnTo of ["//evil.example", "https://evil.example/x", "/\t/evil.example", undefined])
      expect(await setUserLocale(db, { actor: user, input: { locale: "en", returnTo } }), String(returnTo)).toEqual({ returnTo: "/" });
  });

  it("refuses a locale we do not have (the field says so) and a signed-out visitor, changing nothing", async () => {
    const { db, updates } = fakeDb();
    const refused = await setUserLocale(db, { actor: user, input: { locale: "de" } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual({ locale: "form.err.choice" });
    await expect(setUserLocale(db, { actor: null, input: { locale: "en" } })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(updates).toEqual([]);
  });
});
