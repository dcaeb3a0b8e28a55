// Issue 16, the portal's Subscriptions page: subscriptions made in Stripe (the emulator, through
// the API as the merchant would) reach Settle by webhook, and the customer reads each one's
// status, items, prices (a tier table where tiered), trial end, next renewal and its amount,
// and when it ends; in English and Russian, at desktop and phone width, with axe-core. Another
// customer's subscription never shows.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, signedInPage, withDb } from "./helpers";

const tag = randomBytes(3).toString("hex");
const SUBSCRIBER = `sub-${tag}@example.com`;
const OTHER = `other-${tag}@example.com`;
const EMPTY = `none-${tag}@example.com`;
const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});
const ids = { seats: "", ending: "", canceled: "", other: "" };

async function addUser(email: string, name: string) {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, $3, 'CUSTOMER', now(), 'en', now())`, [
      `u_${email.replace(/\W/g, "_")}`,
      email,
      name,
    ]),
  );
}

const setLocale = (email: string, locale: "en" | "ru") => withDb((c) => c.query(`UPDATE "User" SET locale = $2 WHERE email = $1`, [email, locale]));

/** The projected subscriptions' statuses, once the webhooks have been applied. */
const projectedStatuses = () =>
  withDb(async (c) => {
    const r = await c.query(`SELECT "stripeId", status, "cancelAtPeriodEnd" FROM "Subscription" WHERE "stripeId" = ANY($1::text[]) ORDER BY "stripeId"`, [
      Object.values(ids),
    ]);
    return Object.fromEntries(r.rows.map((row) => [row.stripeId, `${row.status}${row.cancelAtPeriodEnd ? ":ending" : ""}`]));
  });

const seatQuantity = () =>
  withDb(async (c) => {
    const r = await c.query(
      `SELECT i.quantity::int AS q FROM "SubscriptionItem" i JOIN "Subscription" s ON s.id = i."subscriptionId" WHERE s."stripeId" = $1`,
      [ids.seats],
    );
    return r.rows[0]?.q as number | undefined;
  });

test.beforeAll(async () => {
  await addUser(SUBSCRIBER, "Sue Subscriber");
  await addUser(OTHER, "Oscar Other");
  await addUser(EMPTY, "Nina None");
  const customer = await stripe.customers.create({ email: SUBSCRIBER, name: `Sue Subscriber ${tag}` });
  const other = await stripe.customers.create({ email: OTHER, name: `Oscar Other ${tag}` });
  const product = async (name: string) => (await stripe.products.create({ name })).id;
  const seats = await stripe.prices.create({
    product: await product("Team seats"),
    currency: "usd",
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    tiers: [
      { up_to: 10, unit_amount: 1500 },
      { up_to: "inf", unit_amount: 1200 },
    ],
    recurring: { interval: "month" },
  });
  const support = await stripe.prices.create({
    product: await product("Priority support"),
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  const analytics = await stripe.prices.create({
    product: await product("Usage analytics"),
    currency: "usd",
    unit_amount: 2900,
    recurring: { interval: "month" },
  });
  const secret = await stripe.prices.create({
    product: await product(`Oscar's private plan ${tag}`),
    currency: "usd",
    unit_amount: 9900,
    recurring: { interval: "month" },
  });

  const team = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: seats.id, quantity: 10 }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  await stripe.invoices.pay(team.latest_invoice as string, { payment_method: "pm_card_visa" });
  // the seat change, as the merchant makes it: 10 → 12 seats
  await stripe.subscriptions.update(team.id, { items: [{ id: team.items.data[0].id, quantity: 12 }], proration_behavior: "none" });
  const ending = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: support.id }], trial_period_days: 14 });
  await stripe.subscriptions.update(ending.id, { cancel_at_period_end: true });
  const canceled = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: analytics.id, quantity: 3 }], trial_period_days: 7 });
  await stripe.subscriptions.cancel(canceled.id);
  const theirs = await stripe.subscriptions.create({
    customer: other.id,
    items: [{ price: secret.id }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  Object.assign(ids, { seats: team.id, ending: ending.id, canceled: canceled.id, other: theirs.id });

  await expect
    .poll(projectedStatuses, { timeout: 60_000, intervals: [300, 1000] })
    .toEqual({ [team.id]: "active", [ending.id]: "trialing:ending", [canceled.id]: "canceled", [theirs.id]: "active" });
  await expect.poll(seatQuantity, { timeout: 30_000 }).toBe(12);
});

test("a customer reads their subscriptions: status, tiers, renewal, trial and end (en)", async ({ browser }) => {
  await setLocale(SUBSCRIBER, "en");
  const { page, close } = await signedInPage(browser, SUBSCRIBER);
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Subscriptions" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Subscriptions" })).toBeVisible();

  const seats = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Team seats" }) });
  await expect(seats.getByText("Active", { exact: true })).toBeVisible();
  // the tiered price in words, its tier table, and 12 seats graduated: 10 × 15.00 + 2 × 12.00 = 174.00
  await expect(seats.getByText("1–10: US$15.00 per unit; 11+: US$12.00 per unit")).toBeVisible();
  const tiers = seats.getByRole("table", { name: "Price tiers of Team seats" });
  await expect(tiers.getByRole("row", { name: /11\+/ })).toContainText("US$12.00");
  await expect(seats.getByRole("row", { name: /Team seats/ }).first()).toContainText("12");
  await expect(seats.getByTestId("renewal-amount")).toContainText("US$174.00");
  await expect(seats.getByTestId("renewal-amount")).toContainText("before discounts and taxes");

  const ending = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Priority support" }) });
  await expect(ending.getByText("Trial", { exact: true })).toBeVisible();
  await expect(ending.getByText("Trial ends")).toBeVisible();
  await expect(ending.getByText(/^Ends \d/)).toBeVisible();
  await expect(ending.getByText("Does not renew")).toBeVisible();

  const canceled = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Usage analytics" }) });
  await expect(canceled.getByText("Canceled", { exact: true })).toBeVisible();
  await expect(canceled.getByText("Ended on")).toBeVisible();

  // current subscriptions first, the ended one last; nobody else's
  // (the two current ones may be created in the same second: their order is then by Stripe id)
  const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect([...headings.slice(0, 2)].sort().concat(headings.slice(2))).toEqual(["Priority support", "Team seats", "Usage analytics"]);
  await expect(page.getByText(`Oscar's private plan ${tag}`)).toHaveCount(0);
  await checkPage(page, "portal-subscriptions-en");
  await close();
});

test("the same page in Russian", async ({ browser }) => {
  await setLocale(SUBSCRIBER, "ru");
  const { page, close } = await signedInPage(browser, SUBSCRIBER);
  await page.goto("/subscriptions");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1, name: "Подписки" })).toBeVisible();
  await expect(page.getByText(/^1–10: 15,00\s\$ за единицу; 11\+: 12,00\s\$ за единицу$/)).toBeVisible();
  await expect(page.getByText("Активна", { exact: true })).toBeVisible();
  await expect(page.getByText("Пробный период", { exact: true })).toBeVisible();
  await expect(page.getByText("Отменена", { exact: true })).toBeVisible();
  await expect(page.getByText("без учёта скидок и налогов").first()).toBeVisible();
  await checkPage(page, "portal-subscriptions-ru");
  await close();
  await setLocale(SUBSCRIBER, "en");
});

test("the other customer sees only their own; a customer without subscriptions sees the empty state", async ({ browser }) => {
  const other = await signedInPage(browser, OTHER);
  await other.page.goto("/subscriptions");
  await expect(other.page.getByRole("heading", { level: 2 })).toHaveText([`Oscar's private plan ${tag}`]);
  await other.close();

  const { page, close } = await signedInPage(browser, EMPTY);
  await page.goto("/subscriptions");
  await expect(page.getByRole("heading", { level: 2, name: "No subscriptions" })).toBeVisible();
  await checkPage(page, "portal-subscriptions-empty");
  await close();
});
