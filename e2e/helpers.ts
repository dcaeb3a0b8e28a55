import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import pg from "pg";

export const mailApi = () => `http://127.0.0.1:${process.env.E2E_MAIL_HTTP_PORT ?? "2580"}`;

type Mail = { id: string; to: string[]; subject: string; links: string[] };

export async function clearMail(request: APIRequestContext) {
  await request.delete(`${mailApi()}/messages`);
}

/** Waits for a mail to arrive at the catcher (the app sends after responding). */
export async function waitForSignInLink(request: APIRequestContext, email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`${mailApi()}/messages?to=${encodeURIComponent(email)}`);
        const mails = (await res.json()) as Mail[];
        link = mails[0]?.links.find((l) => l.includes("/api/auth/callback/email"));
        return link;
      },
      { timeout: 10_000 },
    )
    .toBeTruthy();
  return link!;
}

export async function mailCount(request: APIRequestContext, email: string): Promise<number> {
  const res = await request.get(`${mailApi()}/messages?to=${encodeURIComponent(email)}`);
  return ((await res.json()) as Mail[]).length;
}

/** Signs in through the demo picker: a real one-time link and the real next-auth callback. */
export async function signInAs(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByTestId(`demo-sign-in-${email}`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in") && !url.pathname.startsWith("/api/"));
}

export async function sessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === "next-auth.session-token");
}

export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Screenshots at desktop and phone width (e2e/screenshots/<name>-<width>.png, for people to look
 * at), no serious or critical axe-core violation, and nothing that scrolls sideways.
 */
export async function checkPage(page: Page, name: string) {
  // After a client-side navigation Next streams the new page's metadata after its content: wait
  // for the title people and screen readers get, rather than letting axe race it.
  await expect(page).toHaveTitle(/\S/);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
    await page.screenshot({ path: `e2e/screenshots/${name}-${width}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
      `${name} at ${width}px`,
    ).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * No table region scrolls sideways inside the page at desktop and phone width: a long cell (Stripe's
 * 12-decimal proration unit price in Russian) must wrap or be shown shorter, not push the amounts off.
 */
export async function expectNoTableScroll(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
    const over = await page.locator('[role="region"]:has(table)').evaluateAll((els) => els.map((e) => e.scrollWidth - e.clientWidth));
    expect(over.length, `${name}: tables found`).toBeGreaterThan(0);
    expect(Math.max(...over), `${name} at ${width}px: a table scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * A browser context signed in as the user through a database session set as next-auth's cookie:
 * for specs that test something other than sign-in (e2e/auth.spec.ts tests sign-in itself).
 */
export async function signedInPage(browser: Browser, email: string) {
  const token = randomBytes(24).toString("hex");
  await withDb(async (c) => {
    const user = await c.query(`SELECT id FROM "User" WHERE email = $1`, [email]);
    await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      `s_${token.slice(0, 20)}`,
      token,
      user.rows[0].id,
    ]);
  });
  const context = await browser.newContext();
  await context.addCookies([{ name: "next-auth.session-token", value: token, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  return { page, close: () => context.close() };
}
