// Journey 3 and the staff half of 4–5: a customer disputes two lines with an attachment, an
// agent works it from the queue (internal note + public reply), the customer sees the reply
// (never the note) and gets the email, the agent resolves it, the customer can reopen.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { checkPage, mailApi, signedInPage, withDb } from "./helpers";

const check = checkPage;
const as = signedInPage;

test.describe.configure({ mode: "serial", timeout: 120_000 });

const CUSTOMER = "alice@example.com";
const AGENT = "agent@settle.test";
const NOTE = "Internal: customer had 12 seats until 3 March, check the sync log";
const REPLY = "Thanks, we are checking your seat count against the contract.";
const tag = randomBytes(3).toString("hex");
const ids = { customer: `cus_row_${tag}`, invoice: `inv_row_${tag}`, lines: [0, 1, 2].map((i) => `il_row_${tag}_${i}`) };
let disputeUrl = "";
let deskUrl = "";

/** The web server runs without the in-process worker here: send what the outbox holds. */
function drainOutbox() {
  execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/drain-outbox.ts"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT ?? "2525"}`, LOG_LEVEL: "warn" },
    stdio: "pipe",
  });
}

test.beforeAll(async () => {
  await withDb(async (c) => {
    const alice = await c.query(`SELECT id FROM "User" WHERE email = $1`, [CUSTOMER]);
    await c.query(
      `INSERT INTO "Customer" (id, "stripeId", email, name, currency, "stripeCreated", "updatedAt") VALUES ($1, $2, $3, 'Alice Anders Ltd', 'usd', now(), now())`,
      [ids.customer, `cus_${tag}`, CUSTOMER],
    );
    await c.query(`INSERT INTO "UserCustomer" ("userId", "customerId") VALUES ($1, $2)`, [alice.rows[0].id, ids.customer]);
    await c.query(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", number, status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       VALUES ($1, $2, $3, $4, 'PAID', 'usd', 19500, 19500, 19500, 19500, 0, now())`,
      [ids.invoice, `in_${tag}`, ids.customer, `E2E-${tag}`],
    );
    const lines = [
      ["Team seats", 12000, "12"],
      ["Support plan", 5000, "1"],
      ["Storage add-on", 2500, "5"],
    ] as const;
    for (const [i, [description, amount, quantity]] of lines.entries()) {
      await c.query(
        `INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity) VALUES ($1, $2, $3, $4, $5, 'usd', $6, $7)`,
        [ids.lines[i], `il_${tag}_${i}`, ids.invoice, i, description, amount, quantity],
      );
    }
  });
  await fetch(`${mailApi()}/messages`, { method: "DELETE" });
});

test("a customer disputes two lines with an attachment", async ({ browser }) => {
  const { page, close } = await as(browser, CUSTOMER);
  await page.goto(`/disputes/new?invoice=${ids.invoice}&lines=${ids.lines[0]},${ids.lines[1]}`);
  await expect(page.getByRole("heading", { name: "Dispute a charge" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Team seats/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Support plan/ })).toBeChecked();
  await check(page, "dispute-new");
  // a plain-words error first: no reason, description too short, JPY-style decimals are fine in USD but letters are not
  await page.getByLabel("Expected quantity").first().fill("ten");
  await page.getByRole("button", { name: "Send dispute" }).click();
  await expect(page.getByRole("group").getByText("Enter a quantity such as 10 or 2.5.")).toBeVisible();
  await expect(page.getByText("Choose a reason from the list.").first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/dispute-new-errors-1280.png", fullPage: true });

  await page.getByLabel("Expected quantity").first().fill("10");
  await page.getByLabel("What is wrong?").selectOption("WRONG_QUANTITY");
  await page.getByLabel("Describe the problem").fill("Charged 12 seats, we have 10. The support plan was cancelled in March.");
  await page
    .getByLabel("Attachments (optional)")
    .setInputFiles({ name: "seat-list.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
  await page.getByRole("button", { name: "Send dispute" }).click();
  await page.waitForURL(/\/disputes\/(?!new)[^/]+$/);
  disputeUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: /Dispute D-\d{6}/ })).toBeVisible();
  await expect(page.getByText(/We will reply by/)).toBeVisible();
  await expect(page.getByRole("link", { name: "seat-list.pdf" })).toBeVisible();
  // the attachment downloads with safe headers
  const href = await page.getByRole("link", { name: "seat-list.pdf" }).getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain("attachment");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  await check(page, "dispute-detail");
  await page.goto("/disputes");
  await expect(page.getByRole("link", { name: /D-\d{6}/ }).first()).toBeVisible();
  await check(page, "disputes-list");
  await close();
});

test("an agent finds it in the queue, writes an internal note and a public reply", async ({ browser }) => {
  const { page, close } = await as(browser, AGENT);
  await page.goto("/desk/disputes");
  await expect(page.getByRole("heading", { name: "Dispute queue" })).toBeVisible();
  await check(page, "desk-queue");
  // Other specs leave disputes with earlier deadlines open in the shared database: find this one's row.
  const id = disputeUrl.split("/").pop();
  await page.getByRole("table").locator(`a[href$="/desk/disputes/${id}"]`).first().click();
  await page.waitForURL(/\/desk\/disputes\/[^/]+$/);
  deskUrl = new URL(page.url()).pathname;
  expect(deskUrl.split("/").pop()).toBe(disputeUrl.split("/").pop());
  await expect(page.getByText("Charged 12 seats, we have 10.").first()).toBeVisible();
  await page.getByRole("button", { name: "Claim this dispute" }).click();
  await expect(page.getByText(/Assigned to:\s*Alex Agent/)).toBeVisible();

  await page.getByLabel("Message", { exact: true }).fill(NOTE);
  await page.getByLabel("Staff only (internal note)").check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByText(NOTE)).toBeVisible();
  await expect(page.getByText("Internal note").first()).toBeVisible();
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("");

  await page.getByLabel("Message", { exact: true }).fill(REPLY);
  await page.getByLabel("The customer (public reply, emailed)").check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator("li").filter({ hasText: REPLY })).toBeVisible();
  await check(page, "desk-dispute");
  await close();
});

test("the customer sees the reply (not the note) and gets the email", async ({ browser, request }) => {
  drainOutbox();
  type Mail = { to: string[]; subject: string; text: string };
  let mails: Mail[] = [];
  await expect
    .poll(async () => {
      mails = (await (await request.get(`${mailApi()}/messages?to=${encodeURIComponent(CUSTOMER)}`)).json()) as Mail[];
      return mails.some((m) => m.subject.startsWith("New reply on your dispute"));
    })
    .toBe(true);
  const reply = mails.find((m) => m.subject.startsWith("New reply"))!;
  expect(reply.text).toContain(REPLY);
  for (const m of mails) expect(`${m.subject} ${m.text}`).not.toContain("Internal:");

  const { page, close } = await as(browser, CUSTOMER);
  await page.goto(disputeUrl);
  await expect(page.getByText(REPLY)).toBeVisible();
  await expect(page.getByText("Billing team").first()).toBeVisible();
  expect(await page.content()).not.toContain(NOTE);
  await close();
});

test("the agent resolves with root cause 'not an error'; the customer sees it and can reopen", async ({ browser }) => {
  const agent = await as(browser, AGENT);
  await agent.page.goto(deskUrl);
  await agent.page.getByLabel("Root cause").selectOption("NOT_AN_ERROR");
  await agent.page.getByLabel("Note to the customer").fill("We checked the contract: 12 seats were active for the whole period.");
  await agent.page.getByRole("button", { name: "Close dispute" }).click();
  await expect(agent.page.getByText(/Closed as Resolved; root cause: Not an error/)).toBeVisible();
  await agent.close();

  drainOutbox();
  const customer = await as(browser, CUSTOMER);
  await customer.page.goto(disputeUrl);
  await expect(customer.page.getByText("Dispute resolved", { exact: true })).toBeVisible();
  await expect(customer.page.getByText("12 seats were active for the whole period")).toBeVisible();
  expect(await customer.page.content()).not.toContain("NOT_AN_ERROR");
  await customer.page.getByRole("button", { name: "Reopen dispute" }).click();
  // the page re-renders as an open dispute: the timeline shows the reopening and the reply box is back
  await expect(customer.page.getByText("Dispute reopened")).toBeVisible();
  await expect(customer.page.getByRole("button", { name: "Send reply" })).toBeVisible();
  await customer.page.reload();
  await expect(customer.page.getByText("Dispute reopened")).toBeVisible();
  await customer.close();
});

test("desk pages: customer view, audit log, canned replies, reports", async ({ browser }) => {
  const lead = await as(browser, "lead@settle.test");
  await lead.page.goto(`/desk/customers/${ids.customer}`);
  await expect(lead.page.getByRole("heading", { name: /Alice Anders Ltd/ })).toBeVisible();
  await check(lead.page, "desk-customer");
  await lead.page.goto("/desk/audit");
  await expect(lead.page.getByText("dispute.resolve").first()).toBeVisible();
  await check(lead.page, "desk-audit");
  await lead.page.goto("/desk/settings/canned-replies");
  await lead.page.getByLabel("Title").first().fill("Seat count check");
  await lead.page.getByLabel("Text").first().fill("We compare the seats billed with the seats in your contract.");
  await lead.page.getByRole("button", { name: "Save" }).first().click();
  await expect(lead.page.getByText("Seat count check").first()).toBeVisible();
  await check(lead.page, "desk-canned-replies");
  await lead.page.goto("/desk/settings/sla");
  await expect(lead.page.getByRole("heading", { name: "SLA policy" })).toBeVisible();
  await check(lead.page, "desk-sla-policy");
  await lead.page.goto("/desk/reports");
  await expect(lead.page.getByRole("heading", { name: "Dispute reports" })).toBeVisible();
  await check(lead.page, "desk-reports");
  await lead.close();
});
