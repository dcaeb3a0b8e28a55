// The portal's "Next bill": a customer with a subscription whose seats were raised mid-period (through
// the API, as the merchant would) reads the upcoming invoice Stripe will issue — the two proration
// lines and the next period at the new quantity, tax, total, the date — live from Stripe (the
// emulator's invoices.createPreview), in English and in Russian, at desktop and phone width; and a
// clear message, not an error page, when Stripe throttles.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, expectNoTableScroll, signedInPage, withDb } from "./helpers";

const tag = randomBytes(3).toString("hex");
const CUSTOMER = `nora-${tag}@example.com`;
const STRANGER = `sam-${tag}@example.com`;
const stripeApi = process.env.E2E_STRIPE_API_BASE ?? "http://127.0.0.1:12911";
const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});
const state = { subscription: "", strangerSubscription: "" };

async function addUser(id: string, email: string, name: string) {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, $3, 'CUSTOMER', now(), 'en', now())`, [
      id,
      email,
      name,
    ]),
  );
}

/** The user is linked to the Stripe customer once its webhook is projected. */
async function waitForLink(email: string) {
  await expect
    .poll(
      () =>
        withDb(
          async (c) =>
            (await c.query(`SELECT count(*)::int AS n FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" WHERE u.email = $1`, [email])).rows[0]
              .n as number,
        ),
      { timeout: 60_000, intervals: [300, 1000] },
    )
    .toBeGreaterThan(0);
}

test.beforeAll(async () => {
  await addUser(`u_nora_${tag}`, CUSTOMER, "Nora Next");
  await addUser(`u_sam_${tag}`, STRANGER, "Sam Stranger");
  const team = await stripe.prices.create({ currency: "usd", unit_amount: 1500, recurring: { interval: "month" }, product_data: { name: "Team" } });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
  const customer = await stripe.customers.create({ email: CUSTOMER, name: `Nora Next ${tag}` });
  const stranger = await stripe.customers.create({ email: STRANGER, name: `Sam Stranger ${tag}` });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: team.id, quantity: 10 }],
    collection_method: "send_invoice",
    days_until_due: 14,
    default_tax_rates: [vat.id],
  });
  state.subscription = sub.id;
  // the merchant raises the seats from 10 to 12 mid-period: two prorations wait for the next invoice
  const si = sub.items.data[0]!;
  await stripe.subscriptions.update(sub.id, {
    items: [{ id: si.id, quantity: 12 }],
    proration_date: si.current_period_start + Math.floor((si.current_period_end - si.current_period_start) / 3),
  });
  const other = await stripe.subscriptions.create({
    customer: stranger.id,
    items: [{ price: team.id, quantity: 77 }],
    collection_method: "send_invoice",
    days_until_due: 14,
  });
  state.strangerSubscription = other.id;
  await waitForLink(CUSTOMER);
  await waitForLink(STRANGER);
});

test("Next bill: the upcoming invoice itemized (prorations, the next period, tax, total), en and ru", async ({ browser }) => {
  const expected = await stripe.invoices.createPreview({ subscription: state.subscription });
  const usd = (minor: number) => `US$${(minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto("/invoices");
  await page.getByRole("link", { name: "Next bill" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Next bill" })).toBeVisible();
  const bill = page.getByTestId("next-bill");
  await expect(bill).toHaveCount(1);
  await expect(bill.getByRole("heading", { level: 2, name: /^Bill of / })).toBeVisible();
  await expect(bill.getByText(state.subscription)).toBeVisible();
  await expect(bill.getByText(state.strangerSubscription)).toHaveCount(0);
  const rows = bill.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(bill.locator('tr[data-line="proration"]')).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Unused time on 10 × Team");
  await expect(rows.nth(1)).toContainText("Remaining time on 12 × Team");
  await expect(rows.nth(2)).toContainText("12 × Team (at $15.00 / month)");
  await expect(rows.nth(2)).toContainText("US$180.00");
  // the pending seat change explained as on an invoice: the change in one sentence, each proration line in numbers
  // (the change time is a third into the period: whole days in a 30-day month, else seconds)
  await expect(bill.getByTestId("subscription-changes")).toContainText(
    /You changed Team from 10 to 12 on .+: US\$[\d.,]+ for the remaining time on 12, minus US\$[\d.,]+ for the unused time on 10 = US\$[\d.,]+\./,
  );
  const debit = expected.lines.data.find((l) => l.amount > 0 && l.parent?.subscription_item_details?.proration)!;
  await expect(rows.nth(1).locator("[data-explanation]")).toHaveText(
    new RegExp(
      `^Remaining time on 12 × Team from .+: 12 × US\\$15\\.00 × [\\d,]+/[\\d,]+ (?:days|seconds \\(about .+ days\\)) = ${usd(debit.amount).replace("$", "\\$")}$`,
    ),
  );
  await expect(rows.nth(0).locator("[data-explanation]")).toContainText(/^Unused time on 10 × Team from .+: -10 × US\$15\.00 × /);
  await expect(rows.nth(2).locator("[data-explanation]")).toHaveCount(0);
  const totals = page.getByTestId("next-bill-totals");
  await expect(totals.locator('[data-total="total"]')).toContainText(usd(expected.total));
  await expect(totals.locator('[data-total^="tax:"]')).toContainText("VAT 20%");
  await expect(totals.locator('[data-total="amountDue"]')).toContainText(usd(expected.amount_due));
  await expect(totals.locator('[data-total="amountPaid"]')).toHaveCount(0);
  await checkPage(page, "portal-next-bill-en");
  await close();

  await withDb((c) => c.query(`UPDATE "User" SET locale = 'ru' WHERE email = $1`, [CUSTOMER]));
  const ru = await signedInPage(browser, CUSTOMER);
  await ru.page.goto("/next-bill");
  await expect(ru.page.getByRole("heading", { level: 1, name: "Следующий счёт" })).toBeVisible();
  await expect(ru.page.getByTestId("next-bill").getByRole("heading", { level: 2, name: /^Счёт от / })).toBeVisible();
  await expect(ru.page.getByRole("link", { name: "Следующий счёт" })).toBeVisible();
  await expect(ru.page.getByTestId("subscription-changes")).toContainText("вы изменили количество Team с 10 на 12");
  await expect(ru.page.locator('tr[data-line="proration"] [data-explanation]').nth(1)).toContainText(/^Оставшееся время по 12 × Team/);
  await checkPage(ru.page, "portal-next-bill-ru");
  await expectNoTableScroll(ru.page, "next bill, ru");
  await ru.close();
  await withDb((c) => c.query(`UPDATE "User" SET locale = 'en' WHERE email = $1`, [CUSTOMER]));
});

test("Next bill when Stripe throttles: a clear message, no stale or partial bill", async ({ browser, request }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await request.post(`${stripeApi}/_emulator/faults`, { data: { rate429: 1 } });
  try {
    await page.goto("/next-bill");
    await expect(page.getByRole("alert").filter({ hasText: "Stripe" })).toContainText("Stripe, which prepares your bills, is not answering right now");
    await expect(page.getByTestId("next-bill")).toHaveCount(0);
    await checkPage(page, "portal-next-bill-unavailable");
  } finally {
    await request.post(`${stripeApi}/_emulator/faults`, { data: { rate429: 0 } });
  }
  await page.reload();
  await expect(page.getByTestId("next-bill")).toHaveCount(1);
  await close();
});
