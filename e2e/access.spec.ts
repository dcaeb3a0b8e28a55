// Access follows Stripe (issue 12): a customer's portal user loses the customer when its email
// changes in Stripe; a lead links a person with another address on the desk customer page and
// ends the link; a threshold raise waits for a second lead or an admin on the approvals page.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const tag = randomBytes(3).toString("hex");
const CAROL = `carol-${tag}@example.com`;
const FRANK = `frank-${tag}@example.com`;
const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});
const state = { customerStripeId: "", customerId: "", invoiceNumber: "" };
// Screenshots for people to look at go outside the repository.
const SHOTS = process.env.E2E_SHOTS_DIR ?? "e2e/screenshots"; // git-ignored, like checkPage's

/** A signed-in context (database session as next-auth's cookie) in the given language. */
async function as(browser: Browser, email: string, lang: "en" | "ru" = "en") {
  const token = randomBytes(24).toString("hex");
  await withDb(async (c) => {
    const user = await c.query(`SELECT id FROM "User" WHERE email = $1`, [email]);
    await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      `s_${token.slice(0, 20)}`,
      token,
      user.rows[0].id,
    ]);
  });
  const context = await browser.newContext(lang === "ru" ? { locale: "ru-RU", extraHTTPHeaders: { "accept-language": "ru-RU,ru;q=0.9" } } : {});
  await context.addCookies([{ name: "next-auth.session-token", value: token, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  return { page: await context.newPage(), close: () => context.close() };
}

async function shoot(page: import("@playwright/test").Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.beforeAll(async () => {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Carol Chen', 'CUSTOMER', now(), 'en', now())`, [
      `u_carol_${tag}`,
      CAROL,
    ]),
  );
  const customer = await stripe.customers.create({ email: CAROL, name: `Carol Co ${tag}` });
  const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, currency: "usd", amount: 12000, description: "Seats" });
  const inv = await stripe.invoices.finalizeInvoice(draft.id);
  state.customerStripeId = customer.id;
  state.invoiceNumber = inv.number!;
  // The projection links carol (verified, same address) as soon as the customer is synced.
  await expect
    .poll(
      () =>
        withDb(
          async (c) =>
            (await c.query(`SELECT uc."customerId" FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" WHERE u.email = $1`, [CAROL])).rows[0]
              ?.customerId,
        ),
      { timeout: 20_000 },
    )
    .toBeTruthy();
  await expect
    .poll(() => withDb(async (c) => (await c.query(`SELECT status FROM "Invoice" WHERE "stripeId" = $1`, [inv.id])).rows[0]?.status), { timeout: 20_000 })
    .toBeTruthy();
  state.customerId = (await withDb((c) => c.query(`SELECT id FROM "Customer" WHERE "stripeId" = $1`, [customer.id]))).rows[0].id;
});

test("a lead links a person with another address (audited); they see the customer until the lead removes the link", async ({ browser }) => {
  const lead = await as(browser, "lead@settle.test");
  const page = lead.page;
  await page.goto(`/desk/customers/${state.customerId}`);
  const access = page.getByRole("region", { name: "Portal access" });
  await expect(access.getByText(CAROL)).toBeVisible();
  await expect(access.getByText("Email matches Stripe")).toBeVisible();
  const form = access.getByRole("form", { name: "Link a person with another address" });
  await form.getByLabel("Their email").fill(FRANK);
  await form.getByRole("button", { name: "Link person" }).click();
  await expect(form.getByLabel("Reason (audited)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Give a reason of 3 to 500 characters.").first()).toBeVisible();
  await form.getByLabel("Reason (audited)").fill("Their accountant, ticket 4711");
  await form.getByRole("button", { name: "Link person" }).click();
  await expect(form.getByText(/^Linked\./)).toBeVisible();
  await expect(access.getByText(FRANK)).toBeVisible();
  await expect(access.getByText("Linked by staff")).toBeVisible();
  await checkPage(page, "access-desk-customer");
  await shoot(page, "desk-customer-en");
  expect(
    (await withDb((c) => c.query(`SELECT "actorId", reason FROM "AuditEntry" WHERE action = 'customer.link' AND "entityId" = $1`, [state.customerId]))).rows,
  ).toHaveLength(1);

  // Frank (an account was made for him) signs in and sees the customer's invoice.
  await withDb((c) => c.query(`UPDATE "User" SET "emailVerified" = now() WHERE email = $1`, [FRANK]));
  const frank = await as(browser, FRANK);
  await frank.page.goto("/invoices");
  await expect(frank.page.getByText(state.invoiceNumber)).toBeVisible();

  // The Russian desk page, as a Russian-speaking lead sees it.
  const ru = await as(browser, "admin@settle.test", "ru");
  await ru.page.goto(`/desk/customers/${state.customerId}`);
  await expect(ru.page.getByRole("region", { name: "Доступ в портал" }).getByText("Связан сотрудником")).toBeVisible();
  await shoot(ru.page, "desk-customer-ru");
  await ru.close();

  // The lead ends the link: Frank's session ends with it.
  const unlink = access.getByRole("form", { name: `Remove the link of ${FRANK}` });
  await unlink.getByLabel("Reason for removing (audited)").fill("Contract with the accountant ended");
  await unlink.getByRole("button", { name: "Remove link" }).click();
  await expect(access.getByText(FRANK)).toHaveCount(0);
  await frank.page.goto("/invoices");
  await expect(frank.page).toHaveURL(/\/sign-in/);
  await frank.close();
  await lead.close();
});

test("carol loses the customer, in her open session, when its email changes in Stripe", async ({ browser }) => {
  const carol = await as(browser, CAROL);
  await carol.page.goto("/invoices");
  await expect(carol.page.getByText(state.invoiceNumber)).toBeVisible();
  await stripe.customers.update(state.customerStripeId, { email: `dave-${tag}@example.com` });
  await expect
    .poll(
      async () => {
        await carol.page.goto("/invoices");
        return carol.page.url();
      },
      { timeout: 20_000 },
    )
    .toMatch(/\/sign-in/);
  const lead = await as(browser, "lead@settle.test");
  await lead.page.goto(`/desk/customers/${state.customerId}`);
  await expect(lead.page.getByText("Nobody sees this customer in the portal.")).toBeVisible();
  await lead.close();
  await carol.close();
});

test("a threshold raise waits for a second lead or an admin; the requester cannot approve it", async ({ browser }) => {
  const lead = await as(browser, "lead@settle.test");
  const page = lead.page;
  await page.goto("/desk/approvals");
  const current = await page.getByLabel("USD", { exact: true }).inputValue();
  await page.getByLabel("USD", { exact: true }).fill("99999");
  await page.getByRole("textbox", { name: "Reason for the change" }).first().fill("Quarter-end refunds");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText(/applies only after a second lead or an admin approves it/)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("USD", { exact: true })).toHaveValue(current);
  const request = page.getByRole("region", { name: /USD: .* → US\$99,999\.00/ });
  await expect(request.getByText("You requested this raise: another lead or an admin must approve it.")).toBeVisible();
  await expect(request.getByRole("button", { name: "Approve raise" })).toHaveCount(0);
  await checkPage(page, "access-approvals-requester");
  await shoot(page, "approvals-requester-en");

  const admin = await as(browser, "admin@settle.test", "ru");
  await admin.page.goto("/desk/approvals");
  const ruRequest = admin.page.getByRole("region", { name: /USD: .* → 99\s999,00/ });
  await shoot(admin.page, "approvals-admin-ru");
  await ruRequest.getByLabel("Причина решения").fill("Согласовано на планёрке");
  await ruRequest.getByRole("button", { name: "Одобрить повышение" }).click();
  await expect(ruRequest).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("USD", { exact: true })).toHaveValue("99999.00");
  const audit = (
    await withDb((c) =>
      c.query(
        `SELECT action, "actorId" IS NOT NULL AS actor FROM "AuditEntry" WHERE "entityId" = 'corrections.approvalThresholds' AND action IN ('setting.threshold_request', 'setting.threshold_approve') ORDER BY id DESC LIMIT 2`,
      ),
    )
  ).rows;
  expect(audit.map((a) => a.action)).toEqual(["setting.threshold_approve", "setting.threshold_request"]);
  // Back to what it was, which (a lowering) applies at once.
  await page.getByLabel("USD", { exact: true }).fill(current);
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByText("Thresholds saved.")).toBeVisible();
  await admin.close();
  await lead.close();
});
