import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers";

const widths = [1280, 390];

async function check(page: Page, name: string) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
    await page.screenshot({ path: `e2e/screenshots/${name}-${width}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), `${name} at ${width}px`).toEqual([]);
    // Nothing may overflow sideways at phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
}

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
