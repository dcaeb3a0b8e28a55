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
