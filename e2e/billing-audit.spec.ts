// Journey 6, the staff side of the billing audit: the findings list, a finding's evidence,
// confirming one and dismissing another with a required reason; contracted tariffs (add,
// retire with a reason); the dashboard. Screenshots at 1280 and 390 px and axe on each page.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { checkPage, mailApi, signInAs, waitForSignInLink, withDb } from "./helpers";

const check = (page: Page, name: string) => checkPage(page, `billing-audit-${name}`);

test.describe.configure({ mode: "serial" });

type Seeded = { customerId: string; priceId: string; findings: { id: string; summary: string }[] };
let seeded: Seeded;

test.beforeAll(() => {
  const out = execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/seed-billing-audit.ts"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  seeded = JSON.parse(out.trim().split("\n").pop()!);
});

const statusOf = (id: string) => withDb(async (c) => (await c.query(`SELECT status::text AS s FROM "Finding" WHERE id = $1`, [id])).rows[0].s as string);

test("a lead works the findings: list → detail → confirm; dismiss needs a reason", async ({ page }) => {
  test.setTimeout(120_000);
  expect(seeded.findings).toHaveLength(2);
  const [toConfirm, toDismiss] = seeded.findings;
  await signInAs(page, "lead@settle.test");
  await page.goto("/desk/findings?rule=line_math&status=OPEN");
  await expect(page.getByRole("heading", { level: 1, name: "Billing findings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Findings", exact: true })).toHaveAttribute("aria-current", "page");
  // Findings read as sentences with money in currency units, not as the rule's log line.
  const link = page.locator(`a[href="/desk/findings/${toConfirm.id}"]`);
  await expect(link).toHaveText(/^Line \d+: [\d,.]+ × US\$[\d,.]+ makes US\$[\d,.]+, but US\$[\d,.]+ was billed$/);
  await expect(page.getByText(toConfirm.summary)).toHaveCount(0);
  await expect(page.getByRole("cell").getByText("Line amount").first()).toBeVisible();
  await check(page, "findings");

  const title = (await link.textContent())!;
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("definition").first()).toBeVisible();
  await expect(page.getByText("Should be", { exact: true })).toBeVisible();
  await expect(page.getByText(/^Recalculate the invoice \(line \d+ amount US\$/)).toBeVisible();
  await check(page, "finding");
  await page.getByLabel("Reason (required to dismiss)").fill("Seat count checked against the contract");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect.poll(() => statusOf(toConfirm.id)).toBe("CONFIRMED");
  await page.reload();
  await expect(page.getByRole("button", { name: "Mark corrected" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /· Confirmed · Lee Lead/ })).toBeVisible();

  await page.goto(`/desk/findings/${toDismiss.id}`);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByText("Say why (at least 3 characters)")).toBeVisible();
  expect(await statusOf(toDismiss.id)).toBe("OPEN");
  await page.getByLabel("Reason (required to dismiss)").fill("Agreed one-off price for this month");
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect.poll(() => statusOf(toDismiss.id)).toBe("DISMISSED");
  await page.reload();
  await expect(page.getByText("Agreed one-off price for this month").first()).toBeVisible();
});

test("in Russian the finding reads in Russian; the dispute it opens explains itself to the customer, by email and on the portal", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const [toConfirm] = seeded.findings; // the smaller one: 10 × 12.00 billed as 125.00
  const email = (await withDb((c) => c.query(`SELECT email FROM "Customer" WHERE id = $1`, [seeded.customerId]))).rows[0].email as string;
  // The customer has signed in once with a magic link: Settle linked them to the customer with that email.
  const ctx = await browser.newContext();
  const customer = await ctx.newPage();
  await customer.goto("/sign-in");
  await customer.getByLabel("Email address").fill(email);
  await customer.getByRole("button", { name: "Email me a sign-in link" }).click();
  await customer.goto(await waitForSignInLink(request, email));

  await withDb((c) => c.query(`UPDATE "User" SET locale = 'ru' WHERE email = 'lead@settle.test'`));
  try {
    await signInAs(page, "lead@settle.test");
    await page.goto(`/desk/findings/${toConfirm.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Строка 1: 10 × 12,00\s\$ = 120,00\s\$, но выставлено 125,00\s\$$/);
    await expect(page.getByText("Сумма строки").first()).toBeVisible();
    await expect(page.getByText(/line_math|HIGH|MEDIUM|CONFIRMED/)).toHaveCount(0);
    await check(page, "finding-ru");
    await page.getByRole("button", { name: "Открыть спор по этому замечанию" }).click();
    await expect(page.getByRole("link", { name: /^Спор D-\d{6}$/ })).toBeVisible();
  } finally {
    await withDb((c) => c.query(`UPDATE "User" SET locale = NULL WHERE email = 'lead@settle.test'`));
  }

  await customer.goto("/disputes");
  await expect(customer.getByRole("cell", { name: "US$5.00" })).toBeVisible();
  await customer
    .getByRole("link", { name: /^D-\d{6}$/ })
    .first()
    .click();
  await expect(customer.getByText("Found by our billing checks")).toBeVisible();
  await expect(
    customer.getByText(
      /^We found this error on invoice AUD-.+ ourselves, before you had to tell us: Line 1: 10 × US\$12\.00 makes US\$120\.00, but US\$125\.00 was billed\./,
    ),
  ).toBeVisible();
  await expect(customer.getByRole("heading", { name: "What we found" })).toBeVisible();
  await expect(customer.getByText("Amount affected: US$5.00", { exact: true })).toBeVisible();
  await checkPage(customer, "billing-audit-customer-dispute");
  await ctx.close();
  // The email says what was found, on which invoice and line, how much, and what happens next.
  type Mail = { to: string[]; subject: string; text: string };
  let mails: Mail[] = [];
  const isNotice = (m: Mail) => m.subject.startsWith("We found a billing error on invoice AUD-");
  await expect
    .poll(
      async () => {
        mails = (await (await request.get(`${mailApi()}/messages?to=${encodeURIComponent(email)}`)).json()) as Mail[];
        return mails.some(isNotice);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const notice = mails.find(isNotice)!;
  expect(notice.text).toContain("Line 1: 10 × US$12.00 makes US$120.00, but US$125.00 was billed");
  expect(notice.text).toContain("• Line 1: —");
  expect(notice.text).toContain("Amount affected: US$5.00");
  expect(notice.text).toContain("What happens next:");
});

test("a lead adds a contracted tariff and retires it with a reason", async ({ page }) => {
  // three pages checked (axe and two screenshots each) and two tariffs entered
  test.setTimeout(240_000);
  await signInAs(page, "lead@settle.test");
  // The customer page links its tariffs.
  await page.goto(`/desk/customers/${seeded.customerId}`);
  await page.getByRole("link", { name: "Contracted tariffs" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Contracted tariffs");
  await check(page, "tariffs");
  const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add tariff" }) });
  // Prices are offered by name and price in the currency's units, not in minor units.
  await expect(add.getByLabel("Stripe price").locator(`option[value="${seeded.priceId}"]`)).toHaveText(/ · US\$\d+\.\d{2}/);
  await add.getByLabel("Stripe price").selectOption(seeded.priceId);
  await add.getByLabel("Unit price (optional)").fill("eleven");
  await add.getByLabel("Contracted quantity (optional)").fill("10");
  await add.getByLabel("Valid from").fill("2026-01-01");
  await add.getByLabel("Reason").fill("Contract 2026, signed in December");
  await add.getByRole("button", { name: "Add tariff" }).click();
  // A field error beside the field, and what was typed is still there.
  await expect(add.getByText("Enter the unit price in the currency's units, e.g. 12.50.")).toBeVisible();
  await expect(add.getByLabel("Reason")).toHaveValue("Contract 2026, signed in December");
  await add.getByLabel("Unit price (optional)").fill("11.00");
  await add.getByRole("button", { name: "Add tariff" }).click();
  const row = page.getByRole("row").filter({ hasText: seeded.priceId });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("US$11.00");
  await expect(row).toContainText("10");
  await check(page, "tariffs-with-one");
  await row.getByLabel("Reason").fill("Entered for the wrong customer");
  await row.getByRole("button", { name: "Retire" }).click();
  await expect(page.getByRole("row").filter({ hasText: seeded.priceId })).toHaveCount(0);
  const audit = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT action, reason FROM "AuditEntry" WHERE "entityType" = 'tariff' AND "entityId" IN (SELECT id FROM "Tariff" WHERE "customerId" = $1) ORDER BY id`,
          [seeded.customerId],
        )
      ).rows,
  );
  expect(audit.map((a) => a.action)).toHaveLength(2);
  expect(audit[1].reason).toBe("Entered for the wrong customer");

  // A tiered contract: seats 1–10 at 15.00, 11 and up at 12.00 (graduated); a bad tier is named.
  await add.getByLabel("Stripe price").selectOption(seeded.priceId);
  await add.getByLabel("Pricing").selectOption("graduated");
  await add.getByLabel("Tier 1 · Up to (units)").fill("10");
  await add.getByLabel("Tier 1 · Per unit").fill("15.00");
  await add.getByLabel("Tier 2 · Up to (units)").fill("20");
  await add.getByLabel("Tier 2 · Per unit").fill("12,00");
  await add.getByLabel("Valid from").fill("2026-01-01");
  await add.getByLabel("Reason").fill("Volume contract 2026");
  await add.getByRole("button", { name: "Add tariff" }).click();
  const lastUpTo = add.getByLabel("Tier 2 · Up to (units)");
  await expect(lastUpTo).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByText('The last tier is open-ended: leave its "up to" blank.')).toBeVisible();
  await expect(add.getByLabel("Tier 1 · Per unit")).toHaveValue("15.00");
  await lastUpTo.fill("");
  await add.getByRole("button", { name: "Add tariff" }).click();
  const tiered = page.getByRole("row").filter({ hasText: seeded.priceId });
  await expect(tiered).toHaveCount(1);
  const tiers = tiered.getByRole("table", { name: /Tiers of this tariff: Tiered, graduated/ });
  await expect(tiers.getByRole("row").nth(1)).toContainText("1–10");
  await expect(tiers.getByRole("row").nth(1)).toContainText("US$15.00");
  await expect(tiers.getByRole("row").nth(2)).toContainText("11 and above");
  await expect(tiers.getByRole("row").nth(2)).toContainText("US$12.00");
  await check(page, "tariffs-tiered");
});

test("the audit dashboard is in the nav for leads, renders its charts, and is not offered to agents", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "lead@settle.test");
  await page.goto("/desk");
  await page.getByRole("link", { name: "Audit dashboard" }).click();
  await expect(page).toHaveURL(/\/desk\/audit-dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Billing audit dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit dashboard" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Findings by rule" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Root causes/ })).toBeVisible();
  await check(page, "dashboard");

  await page.context().clearCookies();
  await signInAs(page, "agent@settle.test");
  await page.goto("/desk/findings");
  await expect(page.getByRole("heading", { level: 1, name: "Billing findings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit dashboard" })).toHaveCount(0);
});
