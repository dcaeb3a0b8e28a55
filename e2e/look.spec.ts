import { expect, test } from "@playwright/test";
import { checkPage, signInAs } from "./helpers";

const check = checkPage;

test("sign-in page looks right and passes axe", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await check(page, "sign-in");
});

test("sign-in page in Russian from Accept-Language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ru-RU", extraHTTPHeaders: { "accept-language": "ru-RU,ru;q=0.9" } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { name: "Вход в Settle" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/sign-in-ru-1280.png", fullPage: true });
  await context.close();
});

test("customer overview shell looks right and passes axe", async ({ page }) => {
  await signInAs(page, "alice@example.com");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await check(page, "overview");
});

test("desk shell looks right and passes axe", async ({ page }) => {
  await signInAs(page, "lead@settle.test");
  await expect(page.getByRole("heading", { name: "Desk", level: 1 })).toBeVisible();
  await check(page, "desk");
});

test("keyboard: the skip link is the first stop and moves focus to the content", async ({ page }) => {
  await signInAs(page, "alice@example.com");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

// The language switch shares the product name's row on phones (it used to take a row of its
// own), stays a plain form (no JavaScript here) that the keyboard reaches in reading order, and
// keeps its full accessible names; the signed-in person and sign-out stay on the next row.
test("phone header: the language switch shares the brand's row and works by keyboard without JavaScript", async ({ browser }) => {
  const signIn = await browser.newContext();
  await signInAs(await signIn.newPage(), "lead@settle.test");
  const storageState = await signIn.storageState();
  await signIn.close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/desk/disputes");
  const ui = {
    en: { label: "Language", save: "Change language", signOut: "Sign out", heading: "Dispute queue" },
    ru: { label: "Язык", save: "Сменить язык", signOut: "Выйти", heading: "Очередь споров" },
  } as const;
  // switches with the keyboard: Tab from the top of the page to the select, then to its button
  const switchTo = async (from: keyof typeof ui, to: keyof typeof ui) => {
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // product name
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(ui[from].label)).toBeFocused();
    await page.getByLabel(ui[from].label).selectOption(to);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: ui[from].save })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/desk\/disputes$/);
    await expect(page.getByRole("heading", { level: 1, name: ui[to].heading })).toBeVisible();
  };
  const look = async (lang: keyof typeof ui) => {
    for (const width of [360, 390, 430]) {
      await page.setViewportSize({ width, height: 800 });
      const at = `${lang} at ${width}px`;
      const brand = await page.locator("header a").filter({ hasText: "Settle" }).boundingBox();
      const select = await page.getByLabel(ui[lang].label).boundingBox();
      const signOut = await page.getByRole("button", { name: new RegExp(`^${ui[lang].signOut}`) }).boundingBox();
      expect(select!.y, `${at}: the switch is on the brand's row`).toBeLessThan(brand!.y + brand!.height);
      expect(signOut!.y, `${at}: sign-out is on the row below`).toBeGreaterThanOrEqual(select!.y + select!.height);
      await expect(page.getByTestId("signed-in-user"), at).toBeVisible();
      await expect(page.getByRole("button", { name: ui[lang].save }), at).toBeVisible();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        `${at} scrolls sideways`,
      ).toBeLessThanOrEqual(0);
      if (width === 360) await page.screenshot({ path: `e2e/screenshots/header-${lang}-${width}.png` });
    }
  };
  await look("en");
  await switchTo("en", "ru");
  await look("ru");
  await switchTo("ru", "en");
  await context.close();
});
