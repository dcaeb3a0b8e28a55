// Journey 9: the money loop through Stripe's hosted pages (the emulator's stand-ins) and back:
// Pay now → hosted invoice page → card → webhook → the invoice shows Paid; a declined payment
// retried with another card; cards managed in the customer portal, which returns to Settle.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, signedInPage, withDb } from "./helpers";

const tag = randomBytes(3).toString("hex");
const CUSTOMER = `pat-${tag}@example.com`;
const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});
const state = { customer: "", open: { stripe: "", id: "", number: "" }, declined: { stripe: "", id: "", number: "" } };

async function openInvoice(customer: string, description: string, amount: number): Promise<Stripe.Invoice> {
  await stripe.invoiceItems.create({ customer, currency: "usd", amount, description });
  const draft = await stripe.invoices.create({ customer, currency: "usd", auto_advance: false, pending_invoice_items_behavior: "include" });
  return stripe.invoices.finalizeInvoice(draft.id!, { auto_advance: false });
}

/** The projection as the portal reads it, once the webhooks have been applied. */
const projected = (stripeId: string) =>
  withDb(async (c) => {
    const r = await c.query(`SELECT id, status::text AS status, "hostedInvoiceUrl" AS url FROM "Invoice" WHERE "stripeId" = $1`, [stripeId]);
    return r.rows[0] as { id: string; status: string; url: string | null } | undefined;
  });

async function waitForStatus(stripeId: string, status: string) {
  await expect.poll(async () => (await projected(stripeId))?.status ?? "missing", { timeout: 60_000, intervals: [300, 1000] }).toBe(status);
}

/** Charges of the invoice's customer in a status, as projected: the invoice's own event (invoice.paid) and the
 * charge's (charge.succeeded) are different objects, applied independently, so a test that reads both waits for both. */
async function waitForCharges(stripeInvoiceId: string, status: string, n: number) {
  await expect
    .poll(
      () =>
        withDb(
          async (c) =>
            (
              await c.query(
                `SELECT count(*)::int AS n FROM "Charge" WHERE status = $2 AND "customerId" = (SELECT "customerId" FROM "Invoice" WHERE "stripeId" = $1)`,
                [stripeInvoiceId, status],
              )
            ).rows[0].n as number,
        ),
      { timeout: 60_000, intervals: [300, 1000] },
    )
    .toBeGreaterThanOrEqual(n);
}

async function noSeriousAxeViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(
    results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    name,
  ).toEqual([]);
}

test.beforeAll(async () => {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Pat Payer', 'CUSTOMER', now(), 'en', now())`, [
      `u_pat_${tag}`,
      CUSTOMER,
    ]),
  );
  const customer = await stripe.customers.create({ email: CUSTOMER, name: `Pat Payer ${tag}` });
  state.customer = customer.id;
  const open = await openInvoice(customer.id, "Team plan", 12_500);
  const declined = await openInvoice(customer.id, "Extra seats", 4_000);
  // A card payment that the bank declines: the invoice stays open with a failed payment.
  await expect(stripe.invoices.pay(declined.id!, { payment_method: "pm_card_chargeDeclined" })).rejects.toThrow(/declined/);
  await waitForStatus(open.id!, "OPEN");
  await waitForStatus(declined.id!, "OPEN");
  await waitForCharges(declined.id!, "failed", 1);
  for (const [key, inv] of [
    ["open", open],
    ["declined", declined],
  ] as const) {
    const row = (await projected(inv.id!))!;
    // The link the portal offers is the emulator's hosted page, on its own loopback origin.
    expect(row.url).toBe(inv.hosted_invoice_url);
    state[key] = { stripe: inv.id!, id: row.id, number: inv.number! };
  }
});

test("Pay now: the hosted invoice page takes a card and the invoice then shows Paid", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto("/invoices");
  const row = page.getByRole("row").filter({ hasText: state.open.number });
  await expect(row.getByText("Open")).toBeVisible();
  await checkPage(page, "pay-loop-invoices");
  await row.getByRole("link", { name: `Pay invoice ${state.open.number} now` }).click();

  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_API_BASE}/i/test_`));
  await expect(page.getByRole("heading", { level: 1, name: `Invoice ${state.open.number}` })).toBeVisible();
  await expect(page.getByText("USD 125.00").first()).toBeVisible();
  await noSeriousAxeViolations(page, "hosted invoice page");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay USD 125.00" }).click();
  await expect(page.getByText("Thank you: your payment was received.")).toBeVisible();

  // Back in Settle: the webhook (invoice.paid …) has been projected.
  await waitForStatus(state.open.stripe, "PAID");
  await waitForCharges(state.open.stripe, "succeeded", 1);
  await page.goto(`/invoices/${state.open.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(state.open.number);
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Pay now" })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "Succeeded" })).toHaveCount(1);
  await close();
});

test("a declined payment is retried with another card from the payments page", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto("/payments");
  const failed = page.getByRole("row").filter({ hasText: state.declined.number }).filter({ hasText: "Failed" });
  await expect(failed).toHaveCount(1);
  await checkPage(page, "pay-loop-payments");
  await failed.getByRole("link", { name: "Retry with another card" }).click();

  await expect(page.getByRole("heading", { level: 1, name: `Invoice ${state.declined.number}` })).toBeVisible();
  // The same declining card again: Stripe's decline, in words, and the invoice is still open.
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay USD 40.00" }).click();
  await expect(page.getByRole("alert")).toContainText("Your card was declined.");
  await page.getByLabel("Card number").fill("5555 5555 5555 4444");
  await page.getByRole("button", { name: "Pay USD 40.00" }).click();
  await expect(page.getByText("Thank you: your payment was received.")).toBeVisible();

  await waitForStatus(state.declined.stripe, "PAID");
  // The customer's two invoices: one succeeded charge paid the first, one pays this one; the second decline too.
  await waitForCharges(state.declined.stripe, "succeeded", 2);
  await waitForCharges(state.declined.stripe, "failed", 2);
  await page.goto(`/invoices/${state.declined.id}`);
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Retry with another card" })).toHaveCount(0);
  // Both declines and the payment that settled it are on the invoice.
  await expect(page.getByRole("row").filter({ hasText: "Failed" })).toHaveCount(2);
  await expect(page.getByRole("row").filter({ hasText: "Succeeded" })).toHaveCount(1);
  await close();
});

test("Manage payment methods: add a default card in Stripe's portal and come back", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto("/payments");
  await page.getByRole("button", { name: "Manage payment methods" }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_API_BASE}/p/session/test_`));
  await expect(page.getByRole("heading", { level: 1, name: "Payment methods" })).toBeVisible();
  await noSeriousAxeViolations(page, "customer portal page");
  await page.getByLabel("Card number").fill("3566 0020 2036 0505");
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(page.getByRole("status")).toHaveText("Card added.");
  await expect(page.getByText("jcb •••• 0505, expires 12/2034 (default)")).toBeVisible();
  const customer = (await stripe.customers.retrieve(state.customer)) as Stripe.Customer;
  const pm = await stripe.paymentMethods.retrieve(customer.invoice_settings.default_payment_method as string);
  expect(pm.card!.last4).toBe("0505");

  await page.getByRole("link", { name: /Return to/ }).click();
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await close();
});

test("a customer cannot open the portal for someone else's Stripe customer", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto("/payments");
  // A forged customer id in the form is refused like any other error: no portal session.
  await page.getByRole("button", { name: "Manage payment methods" }).evaluate((button) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "customer";
    input.value = "c_someone_else";
    button.closest("form")!.appendChild(input);
  });
  await page.getByRole("button", { name: "Manage payment methods" }).click();
  await expect(page).toHaveURL(/\/payments\?portal=unavailable$/);
  await expect(page.getByRole("alert").filter({ hasText: "could not be opened" })).toBeVisible();
  await close();
});
