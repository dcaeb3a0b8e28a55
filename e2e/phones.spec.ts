// Issue 14, "phones": at 360, 390 and 430 px every customer page (and the audit dashboard and
// the demo mailbox) fits the screen. Nothing scrolls sideways — not the page, not a table's own
// region — and every amount on the page is inside the viewport, in English and in Russian.
// SHOTS_DIR=/some/dir also writes a screenshot of each page at 390 and 1280 px there.
import { execFileSync } from "node:child_process";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInAs, waitForSignInLink } from "./helpers";

test.describe.configure({ mode: "serial" });

type Seeded = Record<"alice" | "bob", { invoice: { id: string }; creditNote: { id: string } }>;
let seeded: Seeded;

test.beforeAll(() => {
  const out = execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/seed-portal.ts"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  seeded = JSON.parse(out.trim().split("\n").pop()!);
});

const WIDTHS = [360, 390, 430];
// An amount as the portal prints it in either language: digits next to a currency sign or code.
const MONEY = String.raw`(?:US\$|\$|€|¥|£|KWD|JPY|EUR|USD)\s?-?[\d.,\u00a0\u202f ]*\d|\d[\d.,\u00a0\u202f ]*\s?(?:\$|€|¥|£|KWD)`;

async function measure(page: Page) {
  return page.evaluate((money) => {
    const re = new RegExp(money);
    const width = document.documentElement.clientWidth;
    const pageOverflow = document.documentElement.scrollWidth - width;
    // when the page scrolls sideways, the outermost elements that stick out say why
    const wider =
      pageOverflow > 0
        ? [...document.querySelectorAll<HTMLElement>("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1))
            .slice(0, 5)
            .map((el) => `${el.tagName}.${el.className} right ${Math.round(el.getBoundingClientRect().right)}`)
        : [];
    // what scrolls sideways, and the cells that stick out of it (to say why)
    const regions = [...document.querySelectorAll<HTMLElement>("main [role=region], main table")]
      .filter((el) => el.scrollWidth - el.clientWidth > 1)
      .map((el) => {
        const box = el.getBoundingClientRect();
        const wide = [...el.querySelectorAll<HTMLElement>("tbody *, tfoot *, caption")].filter(
          (c) => c.getBoundingClientRect().right > box.right + 1 || c.scrollWidth > c.clientWidth + 1,
        );
        return `${el.getAttribute("aria-label") ?? el.tagName} (${el.scrollWidth}>${el.clientWidth}): ${wide
          .slice(0, 3)
          .map(
            (c) =>
              `${c.tagName} "${(c.textContent ?? "").trim().slice(0, 40)}" right ${Math.round(c.getBoundingClientRect().right)}, ${c.scrollWidth}>${c.clientWidth}`,
          )
          .join("; ")}`;
      });
    const outside: string[] = [];
    let amounts = 0;
    const walker = document.createTreeWalker(document.querySelector("main") ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? "";
      if (!re.test(text)) continue;
      const el = n.parentElement!;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none" || el.closest("thead, caption, [aria-hidden=true]")) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        amounts++;
        if (r.left < -0.5 || r.right > width + 0.5) outside.push(`${text.trim()} [${Math.round(r.left)}–${Math.round(r.right)}]`);
      }
    }
    return { pageOverflow, wider, regions, outside, amounts };
  }, MONEY);
}

async function checkWidths(page: Page, name: string, opts: { expectAmounts: boolean }) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    // responsive parts (charts) re-measure after a resize: give the layout a moment to settle
    await expect
      .poll(async () => (await measure(page)).pageOverflow, { timeout: 5_000 })
      .toBeLessThanOrEqual(0)
      .catch(() => {});
    const m = await measure(page);
    expect(m.pageOverflow, `${name} at ${width}px: the page scrolls sideways (${m.wider.join("; ")})`).toBeLessThanOrEqual(0);
    expect(m.regions, `${name} at ${width}px: these scroll sideways`).toEqual([]);
    expect(m.outside, `${name} at ${width}px: amounts outside the viewport`).toEqual([]);
    if (opts.expectAmounts) expect(m.amounts, `${name} at ${width}px shows amounts`).toBeGreaterThan(0);
  }
  if (process.env.SHOTS_DIR) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
      await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${width}.png`, fullPage: true });
    }
  }
}

async function signedIn(browser: Browser, email: string, locale: "en" | "ru") {
  const context = await browser.newContext(locale === "ru" ? { locale: "ru-RU", extraHTTPHeaders: { "accept-language": "ru-RU,ru;q=0.9" } } : {});
  const page = await context.newPage();
  await signInAs(page, email);
  return { page, close: () => context.close() };
}

for (const locale of ["en", "ru"] as const) {
  test(`customer pages fit 360–430 px with every amount on screen (${locale})`, async ({ browser }) => {
    test.setTimeout(240_000);
    const { page, close } = await signedIn(browser, "alice@example.com", locale);
    const pages: [string, string, boolean][] = [
      ["overview", "/", true],
      ["invoices", "/invoices", true],
      ["invoice", `/invoices/${seeded.alice.invoice.id}`, true],
      ["payments", "/payments", true],
      ["credit-notes", "/credit-notes", true],
      ["credit-note", `/credit-notes/${seeded.alice.creditNote.id}`, true],
      ["disputes", "/disputes", false],
    ];
    for (const [name, path, expectAmounts] of pages) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (locale === "ru") await expect(page.locator("html")).toHaveAttribute("lang", "ru");
      await checkWidths(page, `phone-${name}-${locale}`, { expectAmounts });
    }
    // On a phone the invoice list is cards: the total and the remaining amount are labelled in the row itself.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/invoices");
    const firstRow = page.locator("main tbody tr").first();
    // Cells after the row header: issued, due, status, total, remaining, pay.
    const label = await firstRow
      .locator("td")
      .nth(4)
      .evaluate((td) => getComputedStyle(td, "::before").content);
    expect(label).toContain(locale === "en" ? "Remaining" : "Остаток");
    await close();
  });
}

test("the audit dashboard and the demo mailbox fit 360–430 px", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, close } = await signedIn(browser, "lead@settle.test", "en");
  await page.goto("/desk/audit-dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await checkWidths(page, "phone-audit-dashboard-en", { expectAmounts: false });
  // a magic link in the mailbox: one long word that must wrap, not widen the page
  const anon = await browser.newContext();
  const signIn = await anon.newPage();
  await signIn.goto("/sign-in");
  await signIn.getByLabel("Email address").fill("carol@example.com");
  await signIn.getByRole("button", { name: "Email me a sign-in link" }).click();
  await waitForSignInLink(signIn.request, "carol@example.com");
  await anon.close();
  await page.goto("/demo/mailbox");
  await expect(page.getByTestId("demo-mail").first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await checkWidths(page, "phone-mailbox-en", { expectAmounts: false });
  await close();
});
