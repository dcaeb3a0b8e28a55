// The correction pages (new correction with Stripe's preview, detail with the four-eyes panel,
// approvals list and thresholds, refund-only form with Settle's preview) at 1280 and 390 px with an axe check. The full journey 4–5
// is e2e/corrections.spec.ts; this spec seeds a recalculation directly and looks at the pages.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, signedInPage, withDb } from "./helpers";

const check = checkPage;
const as = signedInPage;

test.describe.configure({ mode: "serial", timeout: 120_000 });

const tag = randomBytes(3).toString("hex");
const CUSTOMER = `erin-${tag}@example.com`;
const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});
const state = { disputeId: "", recalculationId: "", correctionPath: "" };

test.beforeAll(async () => {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Erin Eve', 'CUSTOMER', now(), 'en', now())`, [
      `u_erin_${tag}`,
      CUSTOMER,
    ]),
  );
  const customer = await stripe.customers.create({
    email: CUSTOMER,
    name: `Erin Eve ${tag}`,
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
  });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
  const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd", default_tax_rates: [vat.id] });
  await stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    currency: "usd",
    quantity: 12,
    unit_amount_decimal: "30000",
    description: "Team seats",
  } as unknown as Stripe.InvoiceItemCreateParams);
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, currency: "usd", amount: 5000, description: "Support plan" });
  const inv = await stripe.invoices.finalizeInvoice(draft.id);
  await stripe.invoices.pay(inv.id, { payment_method: "pm_card_visa" });
  await expect
    .poll(() => withDb(async (c) => (await c.query(`SELECT status FROM "Invoice" WHERE "stripeId" = $1`, [inv.id])).rows[0]?.status), { timeout: 20_000 })
    .toBe("PAID");
  const seats = inv.lines.data.find((l) => l.description === "Team seats")!;
  await withDb(async (c) => {
    const row = (await c.query(`SELECT id, "customerId" FROM "Invoice" WHERE "stripeId" = $1`, [inv.id])).rows[0];
    const user = (await c.query(`SELECT id FROM "User" WHERE email = $1`, [CUSTOMER])).rows[0];
    state.disputeId = `d_${tag}`;
    await c.query(
      `INSERT INTO "Dispute" (id, "customerId", "invoiceId", reason, description, status, currency, "openedById", "updatedAt") VALUES ($1, $2, $3, 'WRONG_QUANTITY', 'Charged 12 seats, we have 10.', 'IN_REVIEW', 'usd', $4, now())`,
      [state.disputeId, row.customerId, row.id, user.id],
    );
    state.recalculationId = `r_${tag}`;
    const result = { lines: [{ lineId: seats.id, status: "changed", amount: { difference: "60000" }, total: { difference: "72000" } }] };
    await c.query(
      `INSERT INTO "Recalculation" (id, "invoiceId", "disputeId", currency, inputs, result, "originalTotal", "recalculatedTotal", "differenceMinor", outcome) VALUES ($1, $2, $3, 'usd', '{}', $4, 438000, 366000, 72000, 'customer_right')`,
      [state.recalculationId, row.id, state.disputeId, JSON.stringify(result)],
    );
    // $720 is above this run's USD threshold of $500: a lead must approve.
    await c.query(
      `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('corrections.approvalThresholds', '{"usd":"50000"}', now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
  });
});

test("new correction: lines, Stripe's preview, split errors, submit for approval", async ({ browser }) => {
  const agent = await as(browser, "agent@settle.test");
  const page = agent.page;
  await page.goto(`/desk/disputes/${state.disputeId}/corrections/new?recalculation=${state.recalculationId}`);
  await expect(page.getByRole("heading", { name: /New correction for D-/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Stripe would issue/ })).toContainText("$720.00");
  await check(page, "correction-new");
  // a split that does not add up is refused with the field error
  await page.getByLabel("Refund to the card").fill("100");
  await page.getByLabel("Credit to the customer balance").fill("100");
  await page.getByRole("button", { name: "Update preview" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "add up exactly" })).toBeVisible();
  await check(page, "correction-new-split-error");
  await page.getByLabel("Credit to the customer balance").fill("620");
  await page.getByLabel("Memo to the customer").fill("Two seats fewer, as agreed.");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await page.waitForURL(/\/desk\/corrections\//);
  state.correctionPath = new URL(page.url()).pathname;
  await expect(page.getByText("Waiting for approval").first()).toBeVisible();
  await expect(page.getByText(/another lead or an admin must approve/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve and issue" })).toHaveCount(0);
  await check(page, "correction-requester");
  await agent.close();
});

test("approvals list and the lead's decision; an issued correction with a refund offers no void", async ({ browser }) => {
  const lead = await as(browser, "lead@settle.test");
  const page = lead.page;
  await page.goto("/desk/approvals");
  await expect(page.getByRole("link", { name: /Credit note/ }).first()).toBeVisible();
  await check(page, "correction-approvals");
  await page.goto(state.correctionPath);
  await check(page, "correction-lead");
  await page.getByRole("button", { name: "Approve and issue" }).click();
  await expect(page.getByText(/Give a reason/)).toBeVisible();
  await page.getByLabel("Reason for your decision").fill("Seat count checked against the contract.");
  await page.getByRole("button", { name: "Approve and issue" }).click();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Issued", { exact: true }).isVisible();
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  // US$100.00 of it went back to the card: Stripe refuses to void a credit note with a refund, so Void is not offered.
  await expect(page.getByRole("button", { name: "Void credit note" })).toHaveCount(0);
  await check(page, "correction-issued");
  await page.goto(`/desk/disputes/${state.disputeId}`);
  await expect(page.getByRole("link", { name: /Credit note · US\$720\.00/ })).toBeVisible();
  await expect(page.getByText("Correction issued")).toBeVisible();
  await check(page, "correction-dispute-desk");
  await lead.close();
  // the customer's timeline: the resolution and the correction, each linking the credit note
  const customer = await as(browser, CUSTOMER);
  await customer.page.goto(`/disputes/${state.disputeId}`);
  await expect(customer.page.getByText("Correction issued")).toBeVisible();
  await expect(customer.page.getByRole("link", { name: /CN-01/ }).first()).toBeVisible();
  await check(customer.page, "correction-dispute-customer");
  await customer.close();
});

test("approval thresholds: a lead adds one for a new currency (errors next to the field), then removes it", async ({ browser }) => {
  const lead = await as(browser, "lead@settle.test");
  const page = lead.page;
  await page.goto("/desk/approvals");
  const add = page.getByRole("region", { name: "Add a currency" });
  const remove = page.getByRole("region", { name: "Remove a currency" });
  await expect(remove.getByText(/every correction in that currency needs a lead's approval/)).toBeVisible();
  await add.getByLabel("Currency").fill("xyz");
  await add.getByLabel("Threshold").fill("12.345");
  await add.getByRole("button", { name: "Add threshold" }).click();
  await expect(add.getByLabel("Currency")).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByText("Not a currency code Settle knows")).toBeVisible();
  await add.getByLabel("Currency").fill("usd");
  await add.getByLabel("Threshold").fill("100");
  await add.getByRole("button", { name: "Add threshold" }).click();
  await expect(add.getByText(/already has a threshold/)).toBeVisible();
  await check(page, "correction-thresholds-error");
  await add.getByLabel("Currency").fill("nzd");
  await add.getByLabel("Threshold").fill("750.5");
  await add.getByLabel("Reason for the change").fill("New customers in New Zealand");
  await add.getByRole("button", { name: "Add threshold" }).click();
  // A new threshold lets more through alone than none: it waits for a second lead or an admin.
  await expect(add.getByText(/applies only after a second lead or an admin approves it/)).toBeVisible();
  await expect(page.getByLabel("NZD", { exact: true })).toHaveCount(0);
  await check(page, "correction-thresholds");
  const admin = await as(browser, "admin@settle.test");
  await admin.page.goto("/desk/approvals");
  const request = admin.page.getByRole("region", { name: /NZD: no threshold → NZ\$750\.50/ });
  await request.getByLabel("Reason for the decision").fill("Agreed for New Zealand");
  await request.getByRole("button", { name: "Approve raise" }).click();
  // Decided, the request leaves the list (and its form with it).
  await expect(request).toHaveCount(0);
  await admin.close();
  await page.reload();
  await expect(page.getByLabel("NZD", { exact: true })).toHaveValue("750.50");
  await remove.getByLabel("Currency").selectOption("nzd");
  await remove.getByRole("button", { name: "Remove threshold" }).click();
  await expect(remove.getByText(/Threshold removed/)).toBeVisible();
  await expect(page.getByLabel("NZD", { exact: true })).toHaveCount(0);
  const audit = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT action, reason FROM "AuditEntry" WHERE "entityId" = 'corrections.approvalThresholds' AND action LIKE 'setting.threshold_%' ORDER BY id DESC LIMIT 4`,
        )
      ).rows,
  );
  expect(audit).toEqual([
    { action: "setting.threshold_remove", reason: null },
    { action: "setting.threshold_approve", reason: "Agreed for New Zealand" },
    { action: "setting.threshold_add", reason: "New customers in New Zealand" },
    { action: "setting.threshold_request", reason: "New customers in New Zealand" },
  ]);
  await lead.close();
});

test("refund-only form for a duplicate charge: Settle's preview, its refusal, then the refund (with the not-a-duplicate override)", async ({ browser }) => {
  const agent = await as(browser, "agent@settle.test");
  const page = agent.page;
  await page.goto(`/desk/disputes/${state.disputeId}/corrections/new?kind=refund`);
  await expect(page.getByLabel("Charge")).toBeVisible();
  // No duplicate was detected on this invoice: nothing is preselected; the agent picks the invoice's own payment.
  await expect(page.getByText(/found no duplicate charge on invoice/)).toBeVisible();
  await expect(page.getByLabel("Charge")).toHaveValue("");
  await page.getByLabel("Charge").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Preview refund" }).click();
  await page.waitForURL(/[?&]chargeStripeId=ch_/);
  const preview = page.getByRole("region", { name: /The refund as Settle would send it/ });
  await expect(preview.getByRole("row", { name: /Can still be refunded/ })).toContainText("US$4,280.00");
  // the credit note above resolved the dispute: the preview says so before anything is typed
  await expect(page.getByText("The dispute is closed.")).toBeVisible();
  // (reopened, as a customer's reply within the reopen window would)
  await withDb((c) => c.query(`UPDATE "Dispute" SET status = 'IN_REVIEW' WHERE id = $1`, [state.disputeId]));
  await page.reload();
  await expect(page.getByText("The dispute is closed.")).toHaveCount(0);
  await check(page, "correction-refund");
  await page.getByLabel("Amount to refund").fill("100000");
  await page.getByRole("button", { name: "Preview refund" }).click();
  await page.waitForURL(/[?&]amount=100000(&|$)/);
  await expect(page.getByText("It would be refused:")).toBeVisible();
  await expect(page.getByText("More than is left to refund on this charge.")).toBeVisible();
  await expect(page.getByLabel("Amount to refund")).toHaveValue("100000");
  await check(page, "correction-refund-refused");
  // It is the invoice's only payment, not a duplicate: refunding it takes the explicit override and a reason.
  await expect(page.getByTestId("refund-override")).toBeVisible();
  await page.getByLabel(/I have checked/).check();
  await page.getByLabel(/Why this refund is right/).fill("Goodwill refund agreed with the customer's manager");
  await page.getByLabel("Amount to refund").fill("12.50");
  await page.getByRole("button", { name: "Preview refund" }).click();
  await page.waitForURL(/[?&]amount=12\.50(&|$)/);
  await expect(preview.getByRole("row", { name: /This refund/ })).toContainText("US$12.50");
  await expect(page.getByText(/Within the approval threshold of US\$500\.00/)).toBeVisible();
  await check(page, "correction-refund-preview");
  await page.getByRole("button", { name: "Submit refund" }).click();
  await page.waitForURL(/\/desk\/corrections\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: /Refund of US\$12\.50/ })).toBeVisible();
  await expect(page.getByText("Goodwill refund agreed with the customer's manager").first()).toBeVisible();
  await agent.close();
});
