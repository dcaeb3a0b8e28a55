// Bad input is a clear 4xx or a field error, never a 500, and writes nothing: every route that
// takes an id, a date, a cursor or free text, black-box against the production build, with NUL
// bytes, impossible dates, years outside Postgres's range and tampered cursors. Then the forms
// that take free text and files, through the browser. Row counts before and after prove that
// nothing was written.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signedInPage, withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const CUSTOMER = "alice@example.com";
const LEAD = "lead@settle.test";
const tag = randomBytes(3).toString("hex");
const ids = { customer: `cus_bad_${tag}`, invoice: `inv_bad_${tag}`, line: `il_bad_${tag}_0`, creditNote: `cn_bad_${tag}` };
const TABLES = [
  "Dispute",
  "DisputeMessage",
  "Attachment",
  "AuditEntry",
  "Setting",
  "CannedReply",
  "Tariff",
  "Correction",
  "OutboxEmail",
  "Invoice",
  "CreditNote",
];

const b64 = (s: string) => Buffer.from(s).toString("base64url");
// Cursors as the pages emit them, but pointing at year 0000 (valid to Date.parse, not to Postgres).
const year0 = "0000-01-01T00:00:00.000Z";
const cursors = {
  invoices: b64(JSON.stringify({ s: "created", d: "desc", v: year0, i: "inv_x" })),
  invoicesNul: b64(JSON.stringify({ s: "created", d: "desc", v: "2026-01-01T00:00:00.000Z", i: "inv\u0000x" })),
  time: b64(JSON.stringify({ v: year0, i: "x" })),
  timeNul: b64(JSON.stringify({ v: "2026-01-01T00:00:00.000Z", i: "a\u0000b" })),
  queue: b64(JSON.stringify({ v: year0, i: "d_x" })),
  queueNul: b64(JSON.stringify({ v: "2026-01-01T00:00:00.000Z", i: "a\u0000b" })),
};

const dateInputs = [
  "from=2026-02-30",
  "to=9999-12-31",
  "from=0000-01-01",
  "to=2026-13-01",
  `cursor=${cursors.invoices}`,
  `cursor=${cursors.invoicesNul}`,
  "q=%00",
  "q=a%01b",
  "cursor=%00",
  "from=%00",
];

const customerRoutes = [
  ...dateInputs.map((q) => `/invoices?${q}`),
  ...dateInputs.map((q) => `/invoices/csv?${q}`),
  "/invoices/%00",
  "/invoices/%00/pdf",
  "/invoices/%00/dispute",
  "/invoices/a%0Ab",
  "/invoices/%ff",
  `/invoices/${"x".repeat(3000)}`,
  "/credit-notes/%00",
  "/credit-notes/%00/pdf",
  "/credit-notes/%ff/pdf",
  `/credit-notes?cursor=${cursors.time}`,
  `/credit-notes?cursor=${cursors.timeNul}`,
  "/credit-notes?cursor=%00",
  `/payments?cursor=${cursors.time}`,
  `/payments?cursor=${cursors.timeNul}`,
  `/payments/csv?cursor=${cursors.time}`,
  "/api/attachments/%00",
  "/api/attachments/a%01b",
  "/api/attachments/%ff",
  "/disputes/%00",
  "/disputes/%ff",
  "/disputes/new?invoice=%00",
  "/disputes/new?invoice=a%1Fb",
  `/disputes/new?invoice=${ids.invoice}&lines=%00`,
  `/disputes/new?invoice=${ids.invoice}&lines=${ids.line},a%00b`,
];

const staffRoutes = [
  "/desk/disputes/%00",
  "/desk/disputes/%00/recalculate",
  "/desk/disputes/%00/corrections/new",
  "/desk/corrections/%00",
  "/desk/customers/%00",
  "/desk/customers/%00/tariffs",
  "/desk/findings/%00",
  "/desk/findings?cursor=%00",
  "/desk/findings?cursor=a%00b&rule=%00",
  `/desk/disputes?cursor=${cursors.queue}`,
  `/desk/disputes?cursor=${cursors.queueNul}`,
  "/desk/disputes?assignee=%00",
  "/desk/disputes?minAmount=%00&currency=usd",
  "/desk/audit?from=0000-01-01",
  "/desk/audit?to=9999-12-31T00:00:00Z&from=%00",
  "/desk/audit?entityId=%00",
  "/desk/audit?action=a%00",
  "/desk/audit?cursor=%00",
  "/desk/sync/reconciliation?run=%00",
];

async function counts(): Promise<Record<string, number>> {
  return withDb(async (c) => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await c.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n);
    return out;
  });
}

async function expectNo5xx(page: Page, routes: string[]) {
  const failures: string[] = [];
  for (const route of routes) {
    const res = await page.request.get(route, { maxRedirects: 0 });
    if (res.status() >= 500) failures.push(`${res.status()} ${route.slice(0, 120)}`);
  }
  expect(failures).toEqual([]);
}

let before: Record<string, number>;

test.beforeAll(async () => {
  await withDb(async (c) => {
    const alice = await c.query(`SELECT id FROM "User" WHERE email = $1`, [CUSTOMER]);
    await c.query(
      `INSERT INTO "Customer" (id, "stripeId", email, name, currency, "stripeCreated", "updatedAt") VALUES ($1, $2, $3, 'Alice Bad Input', 'usd', now(), now())`,
      [ids.customer, `cus_${tag}`, CUSTOMER],
    );
    await c.query(`INSERT INTO "UserCustomer" ("userId", "customerId") VALUES ($1, $2)`, [alice.rows[0].id, ids.customer]);
    await c.query(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", number, status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       VALUES ($1, $2, $3, $4, 'PAID', 'usd', 12000, 12000, 12000, 12000, 0, now())`,
      [ids.invoice, `in_${tag}`, ids.customer, `BAD-${tag}`],
    );
    await c.query(
      `INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity) VALUES ($1, $2, $3, 0, 'Team seats', 'usd', 12000, '10')`,
      [ids.line, `il_${tag}`, ids.invoice],
    );
  });
  before = await counts();
});

test("every customer route answers malformed ids, dates, cursors and text below 500", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await expectNo5xx(page, customerRoutes);
  // The malformed id is the same 404 as an unknown one, for pages and files alike.
  for (const route of ["/invoices/%00/pdf", "/credit-notes/%00/pdf", "/api/attachments/%00", "/invoices/%00", "/disputes/new?invoice=%00"]) {
    expect((await page.request.get(route)).status(), route).toBe(404);
  }
  // A filter that cannot be right is dropped: the list still shows the customer's invoice.
  for (const q of ["from=2026-02-30", "to=9999-12-31", "from=0000-01-01", "q=%00"]) {
    await page.goto(`/invoices?${q}`);
    await expect(page.getByRole("link", { name: `BAD-${tag}` }).first(), q).toBeVisible();
  }
  await close();
});

test("every desk route answers malformed ids, dates, cursors and filters below 500", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, LEAD);
  await expectNo5xx(page, staffRoutes);
  expect((await page.request.get("/desk/disputes/%00")).status()).toBe(404);
  await close();
});

test("the dispute form refuses control characters with a field error and shows billed quantities as on the invoice", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto(`/disputes/new?invoice=${ids.invoice}&lines=${ids.line}`);
  // Billed ×10: the form once showed "1" (trailing zeros trimmed by a regex).
  await expect(page.getByText("Billed: quantity 10, amount")).toBeVisible();
  await page.getByLabel("What is wrong?").selectOption({ index: 1 });
  await page.getByLabel("Describe the problem").fill("We were charged for ten seats\u0000 but use eight.");
  await page.getByRole("button", { name: "Send dispute" }).click();
  await expect(page.getByText("Remove the control characters").first()).toBeVisible();
  await expect(page).toHaveURL(/\/disputes\/new/);
  await close();
});

test("an upload too large for the request is a readable form error, and what was typed stays", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto(`/disputes/new?invoice=${ids.invoice}&lines=${ids.line}`);
  await page.getByLabel("What is wrong?").selectOption({ index: 1 });
  const description = "We were charged for ten seats but use eight.";
  await page.getByLabel("Describe the problem").fill(description);
  const pdf = (mb: number) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(mb * 1024 * 1024, 0x20)]);
  await page.getByLabel("Attachments (optional)").setInputFiles([{ name: "big.pdf", mimeType: "application/pdf", buffer: pdf(11) }]);
  await page.getByRole("button", { name: "Send dispute" }).click();
  await expect(page.getByText("Each file must be 10 MB or smaller.").first()).toBeVisible();
  await expect(page.getByText(/digest/i)).toHaveCount(0);
  await expect(page.getByLabel("Describe the problem")).toHaveValue(description);
  await close();
});

test("nothing was written by any of it", async () => {
  expect(await counts()).toEqual(before);
});
