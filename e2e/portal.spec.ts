// Journeys 1–2, the customer's side: overview, invoices (filter, paginate, open), PDF and CSV
// checked by parsing them, language switch, and the ownership wall: alice asking for bob's
// invoice, credit note, PDF and CSV by id and by guessed URL gets 404 every time.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import { checkPage, signInAs, withDb } from "./helpers";

const check = (page: Page, name: string) => checkPage(page, `portal-${name}`);

test.describe.configure({ mode: "serial" });

type Seeded = Record<"alice" | "bob", { customerId: string; invoice: { id: string; number: string }; creditNote: { id: string; number: string } }>;
let seeded: Seeded;

test.beforeAll(() => {
  const out = execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/seed-portal.ts"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  seeded = JSON.parse(out.trim().split("\n").pop()!);
});

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

test("alice browses, filters, opens an invoice, downloads its PDF and the CSV, switches language", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "alice@example.com");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("balance-due")).toContainText("$");
  await check(page, "overview");

  await page.goto("/invoices");
  await expect(page.getByRole("table", { name: "Your invoices" })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(25);
  await check(page, "invoices");
  // Other specs may add invoices for alice in the same database: count hers there.
  const aliceInvoices = await withDb(async (c) => {
    const r = await c.query(
      `SELECT count(*)::int AS n FROM "Invoice" i JOIN "UserCustomer" uc ON uc."customerId" = i."customerId"
       JOIN "User" u ON u.id = uc."userId" WHERE u.email = 'alice@example.com'`,
    );
    return r.rows[0].n as number;
  });
  expect(aliceInvoices).toBeGreaterThan(25);
  const firstPage = await page.locator("tbody tr th").allInnerTexts();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(Math.min(25, aliceInvoices - 25));
  await check(page, "invoices-page2");
  // keyset "previous page" (ending_before) brings back exactly the first page
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(page.locator("tbody tr th")).toHaveText(firstPage);
  await expect(page.getByRole("link", { name: "Previous page" })).toHaveCount(0);

  // filter with the keyboard-usable GET form
  await page.goto("/invoices");
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=paid/);
  const badges = await page.locator("tbody tr td:nth-child(4)").allInnerTexts();
  expect(badges.length).toBeGreaterThan(0);
  expect(new Set(badges)).toEqual(new Set(["Paid"]));
  await page.getByLabel("Invoice number").fill("00999");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("heading", { name: "No invoices match these filters" })).toBeVisible();

  const inv = seeded.alice.invoice;
  await page.goto("/invoices");
  await page.getByRole("link", { name: inv.number, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(inv.number);
  await expect(page.getByRole("table", { name: `Items on invoice ${inv.number}` }).locator("tbody tr")).toHaveCount(4);
  await check(page, "invoice");
  const totals = page.getByTestId("invoice-totals");
  const total = squash(await totals.locator('[data-total="total"] dd').innerText());
  const paid = squash(await totals.locator('[data-total="amountPaid"] dd').innerText());
  const subtotal = squash(await totals.locator('[data-total="subtotal"] dd').innerText());

  const pdfRes = await page.request.get(`/invoices/${inv.id}/pdf`);
  expect(pdfRes.status()).toBe(200);
  expect(pdfRes.headers()["content-type"]).toBe("application/pdf");
  const text = squash((await new PDFParse({ data: new Uint8Array(await pdfRes.body()) }).getText()).text);
  for (const value of [total, paid, subtotal]) expect(text).toContain(value);
  expect(text).toContain(inv.number);

  // dispute entry points
  await page.getByRole("checkbox", { name: "Select line 1 for a dispute" }).check();
  await page.getByRole("checkbox", { name: "Select line 3 for a dispute" }).check();
  await page.getByRole("button", { name: "Dispute selected lines" }).click();
  await expect(page).toHaveURL(new RegExp(`/disputes/new\\?invoice=${inv.id}&lines=[^&,]+%2C[^&,]+$`));
  await page.goto(`/invoices/${inv.id}`);
  await expect(page.getByRole("link", { name: "Dispute this invoice" })).toHaveAttribute("href", `/disputes/new?invoice=${inv.id}`);

  const csvRes = await page.request.get("/invoices/csv");
  expect(csvRes.status()).toBe(200);
  const rows = (await csvRes.text()).trim().split("\n");
  expect(rows[0]).toBe("number,status,issued,due,period_start,period_end,currency,total,amount_paid,amount_remaining");
  expect(rows).toHaveLength(aliceInvoices + 1);
  const row = rows.find((r) => r.startsWith(`${inv.number},`))!;
  expect(row).toMatch(/,USD,\d+\.\d{2},\d+\.\d{2},\d+\.\d{2}$/);
  expect(total.replace(/[^\d.]/g, "")).toBe(row.split(",")[7]);

  await page.goto("/payments");
  await expect(page.getByRole("table", { name: "Your payments" })).toBeVisible();
  await expect(page.getByText(/not enough money|security code|expired|declined/).first()).toBeVisible();
  await check(page, "payments");
  const payCsv = await page.request.get("/payments/csv");
  expect((await payCsv.text()).split("\n")[0]).toContain("currency,amount,amount_refunded,decline_code,failure_reason");

  await page.goto("/credit-notes");
  await check(page, "credit-notes");
  await page.getByRole("link", { name: seeded.alice.creditNote.number }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(seeded.alice.creditNote.number);
  await check(page, "credit-note");
  const cnPdf = await page.request.get(`/credit-notes/${seeded.alice.creditNote.id}/pdf`);
  expect(cnPdf.status()).toBe(200);

  // language switch in the shared header on every page, stored on the user; it comes back to
  // the same page with its filters
  await page.goto("/invoices?status=paid");
  await page.getByLabel("Language").selectOption("ru");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page).toHaveURL(/\/invoices\?status=paid$/);
  await expect(page.getByRole("heading", { level: 1, name: "Счета" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Обзор" })).toBeVisible();
  await check(page, "overview-ru");
  await page.goto(`/invoices/${inv.id}`);
  await expect(page.getByRole("heading", { level: 2, name: "Итоги" })).toBeVisible();
  await check(page, "invoice-ru");
  await page.goto("/");
  await page.getByLabel("Язык").selectOption("en");
  await page.getByRole("button", { name: "Сменить язык" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
});

// Every page is dynamic, so a prefetch is a server render; with next/link's default each visible
// row cost two (38 requests for one view of 25 invoices). Links must not prefetch, and following
// one must stay a client-side navigation (an RSC request, not a new document).
test("the invoice list is one request: no link prefetches, and opening an invoice is a client-side navigation", async ({ page }) => {
  await signInAs(page, "alice@example.com");
  const prefetches: string[] = [];
  page.on("request", (r) => {
    if (r.headers()["next-router-prefetch"]) prefetches.push(r.url());
  });
  await page.goto("/invoices");
  await expect(page.locator("tbody tr")).toHaveCount(25);
  // hovering is the other prefetch trigger
  await page.locator("tbody tr th a").first().hover();
  await page.getByRole("link", { name: "Payments" }).hover();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  expect(prefetches).toEqual([]);

  const first = page.locator("tbody tr th a").first();
  const number = await first.innerText();
  const href = (await first.getAttribute("href"))!;
  const [navigation] = await Promise.all([page.waitForRequest((r) => new URL(r.url()).pathname === href), first.click()]);
  expect(navigation.resourceType()).not.toBe("document");
  expect(navigation.headers()["rsc"]).toBe("1");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
});

test("alice gets 404 for bob's invoice, credit note, PDF and CSV, by id and by guessed URL", async ({ page }) => {
  await signInAs(page, "alice@example.com");
  const bob = seeded.bob;
  const urls = [
    `/invoices/${bob.invoice.id}`,
    `/invoices/${bob.invoice.id}/pdf`,
    `/credit-notes/${bob.creditNote.id}`,
    `/credit-notes/${bob.creditNote.id}/pdf`,
    // guessed: the fixture's id pattern and Stripe-style ids
    "/invoices/bob_in_1",
    "/invoices/bob_in_2/pdf",
    `/invoices/in_${bob.invoice.id}`,
    "/credit-notes/bob_in_0_cn/pdf",
  ];
  for (const url of urls) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(404);
    expect(await res.text(), url).not.toContain(bob.invoice.number);
  }
  for (const url of [
    "/invoices/csv",
    "/payments/csv",
    "/invoices",
    "/payments",
    "/credit-notes",
    "/",
    `/invoices/csv?q=${encodeURIComponent(bob.invoice.number)}`,
  ]) {
    const body = await (await page.request.get(url)).text();
    expect(body, url).not.toMatch(/BOB-\d/);
    expect(body, url).not.toContain(bob.invoice.number);
  }
});
