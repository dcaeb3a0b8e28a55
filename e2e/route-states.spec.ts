// A page's three other states, against the production build: not found (HTTP 404, not a 200
// carrying a not-found body, although the pages stream their loading state), loading (a
// status line in the user's language while the data is on its way, the shell already usable)
// and failed (error.tsx inside the shell: what happened, try again, a way back), in en and ru.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { checkPage, withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const tag = randomBytes(3).toString("hex");
const ids = {
  alice: { customer: `cus_rs_a_${tag}`, invoice: `inv_rs_a_${tag}` },
  bob: { customer: `cus_rs_b_${tag}`, invoice: `inv_rs_b_${tag}`, creditNote: `cn_rs_b_${tag}` },
};

const TEXT = {
  en: {
    notFound: "Page not found",
    loading: "Loading the page…",
    errorTitle: "This page could not be shown",
    retry: "Try again",
    backPortal: "Back to the overview",
    backDesk: "Back to the desk",
    invoices: "Invoices",
    queue: "Queue",
    creditNotes: "Credit notes",
    audit: "Audit log",
  },
  ru: {
    notFound: "Страница не найдена",
    loading: "Загружаем страницу…",
    errorTitle: "Не удалось показать эту страницу",
    retry: "Попробовать ещё раз",
    backPortal: "К обзору",
    backDesk: "К рабочему месту",
    invoices: "Счета",
    queue: "Очередь",
    creditNotes: "Кредит-ноты",
    audit: "Журнал аудита",
  },
} as const;
type Lang = keyof typeof TEXT;

/** A browser context signed in as the user (a database session), speaking the given language. */
async function as(browser: Browser, email: string, lang: Lang) {
  const token = randomBytes(24).toString("hex");
  await withDb(async (c) => {
    // A saved language wins over the browser's, and other specs switch it: clear it, so the
    // browser's (the context's Accept-Language) decides, and later specs find no saved choice.
    const user = await c.query(`UPDATE "User" SET locale = NULL WHERE email = $1 RETURNING id`, [email]);
    await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      `s_${token.slice(0, 20)}`,
      token,
      user.rows[0].id,
    ]);
  });
  const context = await browser.newContext({ locale: lang === "ru" ? "ru-RU" : "en-US" });
  await context.addCookies([{ name: "next-auth.session-token", value: token, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

async function expect404(page: Page, path: string, lang: Lang) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(404);
  await expect(page.getByRole("heading", { name: TEXT[lang].notFound }), path).toBeVisible();
}

/** Holds a table under an exclusive lock (every query on it waits) until `release` is called. */
async function holdTable(table: string) {
  const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await c.query("COMMIT");
    await c.end();
  };
}

test.beforeAll(async () => {
  await withDb(async (c) => {
    for (const [who, email] of [
      ["alice", "alice@example.com"],
      ["bob", "bob@example.com"],
    ] as const) {
      const user = await c.query(`SELECT id FROM "User" WHERE email = $1`, [email]);
      const { customer, invoice } = ids[who];
      await c.query(
        `INSERT INTO "Customer" (id, "stripeId", email, name, currency, "stripeCreated", "updatedAt") VALUES ($1, $2, $3, $4, 'usd', now(), now())`,
        [customer, `cus_${who}_${tag}`, email, `Route states ${who}`],
      );
      await c.query(`INSERT INTO "UserCustomer" ("userId", "customerId") VALUES ($1, $2)`, [user.rows[0].id, customer]);
      await c.query(
        `INSERT INTO "Invoice" (id, "stripeId", "customerId", number, status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
         VALUES ($1, $2, $3, $4, 'PAID', 'usd', 12000, 12000, 12000, 12000, 0, now())`,
        [invoice, `in_${who}_${tag}`, customer, `RS-${who}-${tag}`],
      );
    }
    await c.query(
      `INSERT INTO "CreditNote" (id, "stripeId", "invoiceId", "customerId", number, status, currency, amount, subtotal, total, "stripeCreated")
       VALUES ($1, $2, $3, $4, $5, 'ISSUED', 'usd', 1000, 1000, 1000, now())`,
      [ids.bob.creditNote, `cn_${tag}`, ids.bob.invoice, ids.bob.customer, `RS-CN-${tag}`],
    );
  });
});

for (const lang of ["en", "ru"] as const) {
  test(`[${lang}] a customer's unknown or other people's pages answer 404, their own 200`, async ({ browser }) => {
    const { page, close } = await as(browser, "alice@example.com", lang);
    expect((await page.goto(`/invoices/${ids.alice.invoice}`))?.status()).toBe(200);
    expect((await page.goto(`/disputes/new?invoice=${ids.alice.invoice}`))?.status()).toBe(200);
    for (const path of [
      `/invoices/${ids.bob.invoice}`,
      `/invoices/in_nothing_${tag}`,
      `/credit-notes/${ids.bob.creditNote}`,
      `/credit-notes/cn_nothing_${tag}`,
      `/disputes/d_nothing_${tag}`,
      `/disputes/new?invoice=${ids.bob.invoice}`,
      "/desk",
      "/desk/queue",
      `/desk/invoices/${ids.alice.invoice}`,
    ]) {
      await expect404(page, path, lang);
    }
    await close();
  });

  test(`[${lang}] staff get 404 for unknown desk records and for pages above their role`, async ({ browser }) => {
    const agent = await as(browser, "agent@settle.test", lang);
    for (const path of [
      `/desk/disputes/d_nothing_${tag}`,
      `/desk/disputes/d_nothing_${tag}/recalculate`,
      `/desk/disputes/d_nothing_${tag}/corrections/new?kind=refund`,
      `/desk/corrections/c_nothing_${tag}`,
      `/desk/customers/cus_nothing_${tag}`,
      `/desk/customers/cus_nothing_${tag}/tariffs`,
      `/desk/findings/f_nothing_${tag}`,
      `/desk/invoices/in_nothing_${tag}`,
      // leads and admins only
      "/desk/approvals",
      "/desk/audit-dashboard",
      "/desk/audit",
    ]) {
      await expect404(agent.page, path, lang);
    }
    expect((await agent.page.goto(`/desk/invoices/${ids.alice.invoice}`))?.status()).toBe(200);
    expect((await agent.page.goto(`/desk/customers/${ids.alice.customer}`))?.status()).toBe(200);
    await agent.close();
    const lead = await as(browser, "lead@settle.test", lang);
    for (const path of ["/desk/approvals", "/desk/audit-dashboard", "/desk/audit"]) {
      expect((await lead.page.goto(path))?.status(), path).toBe(200);
    }
    await lead.close();
  });

  test(`[${lang}] while a page's data is on its way, the shell shows and a status line says it is loading`, async ({ browser }) => {
    const { page, close } = await as(browser, "alice@example.com", lang);
    // Every query on payments' charges waits until released: the page cannot finish meanwhile.
    const release = await holdTable("Charge");
    try {
      await page.goto("/payments", { waitUntil: "commit" });
      const status = page.getByRole("status").filter({ hasText: TEXT[lang].loading });
      await expect(status).toBeVisible();
      await expect(status).toHaveAttribute("aria-busy", "true");
      await expect(page.getByRole("navigation").getByRole("link", { name: TEXT[lang].invoices, exact: true })).toBeVisible();
      if (lang === "en") await page.screenshot({ path: "e2e/screenshots/route-loading-payments-1280.png" });
    } finally {
      await release();
    }
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("route-loading")).toHaveCount(0);
    await close();

    const lead = await as(browser, "lead@settle.test", lang);
    await lead.page.setViewportSize({ width: 390, height: 844 });
    const releaseAudit = await holdTable("AuditEntry");
    try {
      await lead.page.goto("/desk/audit", { waitUntil: "commit" });
      await expect(lead.page.getByRole("status").filter({ hasText: TEXT[lang].loading })).toBeVisible();
      await lead.page.screenshot({ path: `e2e/screenshots/route-loading-desk-audit-${lang}-390.png` });
    } finally {
      await releaseAudit();
    }
    await expect(lead.page.getByRole("heading", { level: 1, name: TEXT[lang].audit })).toBeVisible();
    await lead.close();
  });

  test(`[${lang}] a page that fails shows error.tsx inside the shell, with try again and a way back`, async ({ browser }) => {
    const { page, close } = await as(browser, "bob@example.com", lang);
    // The credit notes' table is briefly gone: the page's query fails as a real outage would.
    await withDb((c) => c.query(`ALTER TABLE "CreditNote" RENAME TO "CreditNote_${tag}"`));
    try {
      await page.goto("/credit-notes");
      await expect(page.getByRole("heading", { name: TEXT[lang].errorTitle })).toBeVisible();
      // the shell stays: navigation works, and the way back leads to the overview
      await expect(page.getByRole("navigation").getByRole("link", { name: TEXT[lang].invoices, exact: true })).toBeVisible();
      await expect(page.getByRole("link", { name: TEXT[lang].backPortal })).toHaveAttribute("href", "/");
      await expect(page.getByRole("button", { name: TEXT[lang].retry })).toBeVisible();
      await checkPage(page, `route-error-portal-${lang}`);
    } finally {
      await withDb((c) => c.query(`ALTER TABLE "CreditNote_${tag}" RENAME TO "CreditNote"`));
    }
    await page.getByRole("button", { name: TEXT[lang].retry }).click();
    await expect(page.getByRole("heading", { level: 1, name: TEXT[lang].creditNotes })).toBeVisible();
    await close();

    const lead = await as(browser, "lead@settle.test", lang);
    await withDb((c) => c.query(`ALTER TABLE "AuditEntry" RENAME TO "AuditEntry_${tag}"`));
    try {
      await lead.page.goto("/desk/audit");
      await expect(lead.page.getByRole("heading", { name: TEXT[lang].errorTitle })).toBeVisible();
      await expect(lead.page.getByRole("navigation").getByRole("link", { name: new RegExp(`^${TEXT[lang].queue}`) })).toBeVisible();
      await expect(lead.page.getByRole("link", { name: TEXT[lang].backDesk })).toHaveAttribute("href", "/desk");
      await checkPage(lead.page, `route-error-desk-${lang}`);
    } finally {
      await withDb((c) => c.query(`ALTER TABLE "AuditEntry_${tag}" RENAME TO "AuditEntry"`));
    }
    await lead.close();
  });
}

test.afterAll(async () => {
  await withDb(async (c) => {
    await c.query(`DELETE FROM "CreditNote" WHERE id = $1`, [ids.bob.creditNote]);
    await c.query(`DELETE FROM "Invoice" WHERE id IN ($1, $2)`, [ids.alice.invoice, ids.bob.invoice]);
    await c.query(`DELETE FROM "UserCustomer" WHERE "customerId" IN ($1, $2)`, [ids.alice.customer, ids.bob.customer]);
    await c.query(`DELETE FROM "Customer" WHERE id IN ($1, $2)`, [ids.alice.customer, ids.bob.customer]);
  });
});
