// Issue 16's journey: a merchant upgrades a customer's seats mid-period through the Stripe API
// (the emulator, as the merchant would, proration_behavior always_invoice) but records the change
// on the wrong day; the proration invoice syncs; the customer reads the explanation of both
// proration lines on the invoice page (and in the PDF), disputes the charge line; an agent
// recalculates with the correct change date (both lines move) and issues the correction.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import Stripe from "stripe";
import { checkPage, expectNoTableScroll, signedInPage, withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const DAY = 86_400;
const AGENT = "agent@settle.test";
const tag = randomBytes(3).toString("hex");
const CUSTOMER = `sam-${tag}@example.com`;
const PRODUCT = `Team ${tag}`;

const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});

/** Stripe's proration of one line: full-period amount × remaining / period, rounded half up on its own. */
const prorate = (full: bigint, remaining: number, period: number) => (full * BigInt(remaining) * 2n + BigInt(period)) / (2n * BigInt(period));
const usd = (minor: bigint) => `${minor < 0n ? "-" : ""}US$${(Number(minor < 0n ? -minor : minor) / 100).toFixed(2)}`;
const utcInput = (s: number) => new Date(s * 1000).toISOString().slice(0, 19);
/** The browser shows a datetime-local value without ":00" seconds. */
const utcValue = (s: number) => new RegExp(`^${utcInput(s).replace(/:00$/, "")}(:00)?$`);
const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ");

const state = {
  invoiceId: "",
  stripeInvoiceId: "",
  creditLine: "",
  debitLine: "",
  start: 0,
  end: 0,
  wrong: 0,
  right: 0,
  disputeId: "",
};

test.beforeAll(async () => {
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Sam Seats', 'CUSTOMER', now(), 'en', now())`, [
      `u_sam_${tag}`,
      CUSTOMER,
    ]),
  );
  const customer = await stripe.customers.create({ email: CUSTOMER, name: `Sam Seats ${tag}` });
  const product = await stripe.products.create({ name: PRODUCT });
  const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500, recurring: { interval: "month" } });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id, quantity: 10 }],
    collection_method: "send_invoice",
    days_until_due: 30,
  });
  const si = sub.items.data[0];
  state.start = si.current_period_start;
  state.end = si.current_period_end;
  // The seats were added on day 12 of the period; the merchant's integration sent day 5.
  state.wrong = state.start + 5 * DAY;
  state.right = state.start + 12 * DAY;
  const updated = await stripe.subscriptions.update(sub.id, {
    items: [{ id: si.id, quantity: 12 }],
    proration_behavior: "always_invoice",
    proration_date: state.wrong,
  });
  const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
  expect(invoice.billing_reason).toBe("subscription_update");
  const period = state.end - state.start;
  const left = state.end - state.wrong;
  const credit = invoice.lines.data.find((l) => l.amount < 0)!;
  const debit = invoice.lines.data.find((l) => l.amount > 0)!;
  // the emulator bills what Stripe's proration gives
  expect(BigInt(credit.amount)).toBe(-prorate(15_000n, left, period));
  expect(BigInt(debit.amount)).toBe(prorate(18_000n, left, period));
  state.stripeInvoiceId = invoice.id!;
  state.creditLine = credit.id;
  state.debitLine = debit.id;

  // The webhooks reach the app: the invoice with both lines, and the price with its product's name.
  await expect
    .poll(
      () =>
        withDb(async (c) => {
          const r = await c.query(
            `SELECT i.id, count(l.id)::int AS lines, count(l."subscriptionItemId")::int AS items,
                    (SELECT p."productName" FROM "Price" p WHERE p.id = $2) AS product
               FROM "Invoice" i LEFT JOIN "InvoiceLine" l ON l."invoiceId" = i.id WHERE i."stripeId" = $1 GROUP BY i.id`,
            [invoice.id, price.id],
          );
          const row = r.rows[0];
          if (!row) return "missing";
          state.invoiceId = row.id;
          return `${row.lines}:${row.items}:${row.product}`;
        }),
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBe(`2:2:${PRODUCT}`);
});

test("the customer reads how each proration line was calculated, on the page and in the PDF (en, ru)", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  const period = (state.end - state.start) / DAY;
  const left = (state.end - state.wrong) / DAY;
  const credit = -prorate(15_000n, state.end - state.wrong, state.end - state.start);
  const debit = prorate(18_000n, state.end - state.wrong, state.end - state.start);
  await page.goto(`/invoices/${state.invoiceId}`);
  const change = page.getByTestId("subscription-changes");
  await expect(change).toContainText(`You changed ${PRODUCT} from 10 to 12 on`);
  await expect(change).toContainText(`${usd(debit)} for the remaining time on 12, minus ${usd(-credit)} for the unused time on 10 = ${usd(debit + credit)}.`);
  const debitRow = page.getByRole("row").filter({ hasText: "Remaining time on" });
  await expect(debitRow.locator("[data-explanation]")).toHaveText(
    new RegExp(`^Remaining time on 12 × ${PRODUCT} from .+: 12 × US\\$15\\.00 × ${left}/${period} days = ${usd(debit).replace("$", "\\$")}$`),
  );
  const creditRow = page.getByRole("row").filter({ hasText: "Unused time on" });
  await expect(creditRow.locator("[data-explanation]")).toContainText(`-10 × US$15.00 × ${left}/${period} days = ${usd(credit)}`);
  await checkPage(page, "subscription-proration-invoice");

  const pdf = await page.request.get(`/invoices/${state.invoiceId}/pdf`);
  expect(pdf.status()).toBe(200);
  const text = squash((await new PDFParse({ data: new Uint8Array(await pdf.body()) }).getText()).text);
  expect(text).toContain(`${left}/${period} days`);
  expect(text).toContain(`You changed ${PRODUCT} from 10 to 12`);

  await withDb((c) => c.query(`UPDATE "User" SET locale = 'ru' WHERE email = $1`, [CUSTOMER]));
  try {
    await page.reload();
    await expect(page.getByTestId("subscription-changes")).toContainText(`вы изменили количество ${PRODUCT} с 10 на 12:`);
    await expect(page.getByRole("row").filter({ hasText: "Remaining time on" }).locator("[data-explanation]")).toContainText(`${left}/${period} дн.`);
    await checkPage(page, "subscription-proration-invoice-ru");
    // Stripe's 12-decimal unit prices of the proration lines do not make the lines table scroll sideways
    await expectNoTableScroll(page, "invoice, ru");
  } finally {
    await withDb((c) => c.query(`UPDATE "User" SET locale = 'en' WHERE email = $1`, [CUSTOMER]));
  }
  await close();
});

test("the customer disputes the charge line, with its explanation in the line picker", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, CUSTOMER);
  await page.goto(`/invoices/${state.invoiceId}`);
  await page.getByRole("row").filter({ hasText: "Remaining time on" }).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Dispute selected lines" }).click();
  await page.waitForURL(/\/disputes\/new\?/);
  const picked = page.getByRole("checkbox", { name: /Remaining time on/ });
  await expect(picked).toBeChecked();
  await expect(page.locator("[data-explanation]").filter({ hasText: "Remaining time on 12 ×" })).toBeVisible();
  await checkPage(page, "subscription-proration-dispute-new");
  await page.getByLabel("What is wrong?").selectOption("WRONG_PRICE");
  await page.getByLabel("Describe the problem").fill("We added the two seats on day 12 of the month, not on day 5: the proration is too high.");
  await page.getByRole("button", { name: "Send dispute" }).click();
  await page.waitForURL(/\/disputes\/(?!new)[^/?]+$/);
  state.disputeId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { name: /Dispute D-\d{6}/ })).toBeVisible();
  await close();
});

test("an agent recalculates with the correct change date: both proration lines move", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, AGENT);
  const full = state.end - state.start;
  const was = prorate(18_000n, state.end - state.wrong, full) - prorate(15_000n, state.end - state.wrong, full);
  const now = prorate(18_000n, state.end - state.right, full) - prorate(15_000n, state.end - state.right, full);
  await page.goto(`/desk/disputes/${state.disputeId}/recalculate`);
  await expect(page.getByRole("heading", { name: /Recalculate D-\d{6}/ })).toBeVisible();
  const debitDate = page.getByTestId(`recalc-change-date-${state.debitLine}`);
  const creditDate = page.getByTestId(`recalc-change-date-${state.creditLine}`);
  await expect(debitDate).toHaveValue(utcValue(state.wrong));
  await expect(page.getByTestId("recalc-total-total")).toContainText(usd(was));
  // each proration line says how its charged amount was made, as on the invoice page; nothing recalculated yet
  const period = full / DAY;
  const debitExplain = page.getByTestId(`recalc-explain-${state.debitLine}`);
  const creditExplain = page.getByTestId(`recalc-explain-${state.creditLine}`);
  const charged = prorate(18_000n, state.end - state.wrong, full);
  await expect(debitExplain.locator('[data-explanation="charged"]')).toHaveText(
    new RegExp(
      `^Charged: Remaining time on 12 × ${PRODUCT} from .+: 12 × US\\$15\\.00 × ${(state.end - state.wrong) / DAY}/${period} days = ${usd(charged).replace("$", "\\$")}$`,
    ),
  );
  await expect(creditExplain.locator('[data-explanation="charged"]')).toContainText(`-10 × US$15.00 × ${(state.end - state.wrong) / DAY}/${period} days`);
  await expect(page.locator('[data-explanation="recalculated"]')).toHaveCount(0);
  // outside the period: a plain-words error
  await debitDate.fill(utcInput(state.end));
  await expect(page.getByText("The change date must be a date and time inside the billing period the line prorates.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Save recalculation" })).toBeDisabled();
  await debitDate.fill(utcInput(state.right));
  await expect(creditDate).toHaveValue(utcValue(state.right));
  await expect(page.getByTestId("recalc-total-total")).toContainText(usd(now));
  await expect(page.getByTestId("recalc-total-total")).toContainText(`+${usd(was - now)}`);
  // the moved change date explained again on both lines: fewer days left, the recalculated amounts
  const left = (state.end - state.right) / DAY;
  const day = (unix: number) => new Date(unix * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  await expect(debitExplain.locator('[data-explanation="recalculated"]')).toHaveText(
    `Recalculated: Remaining time on 12 × ${PRODUCT} from ${day(state.right)} to ${day(state.end)}: 12 × US$15.00 × ${left}/${period} days = ${usd(prorate(18_000n, state.end - state.right, full))}`,
  );
  await expect(creditExplain.locator('[data-explanation="recalculated"]')).toContainText(
    `-10 × US$15.00 × ${left}/${period} days = ${usd(-prorate(15_000n, state.end - state.right, full))}`,
  );
  await checkPage(page, "subscription-proration-recalculation");
  await page.getByLabel("Note for the audit log (optional)").fill("Seat change confirmed on day 12 from the customer's admin log.");
  await page.getByRole("button", { name: "Save recalculation" }).click();
  await expect(page.getByText(`Saved. The customer was overcharged by ${usd(was - now)}.`)).toBeVisible();
  const saved = await withDb((c) => c.query(`SELECT "differenceMinor"::text AS diff, outcome FROM "Recalculation" WHERE "disputeId" = $1`, [state.disputeId]));
  expect(saved.rows).toEqual([{ diff: String(was - now), outcome: "customer_right" }]);

  await withDb((c) => c.query(`UPDATE "User" SET locale = 'ru' WHERE email = $1`, [AGENT]));
  try {
    await page.reload();
    await expect(page.getByLabel(/Дата изменения для Remaining time on/)).toHaveValue(utcValue(state.wrong));
    await checkPage(page, "subscription-proration-recalculation-ru");
  } finally {
    await withDb((c) => c.query(`UPDATE "User" SET locale = 'en' WHERE email = $1`, [AGENT]));
  }
  await close();
});

test("the agent issues the correction: a credit note of the change's net difference", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, AGENT);
  const full = state.end - state.start;
  const diff =
    prorate(18_000n, state.end - state.wrong, full) -
    prorate(15_000n, state.end - state.wrong, full) -
    (prorate(18_000n, state.end - state.right, full) - prorate(15_000n, state.end - state.right, full));
  await page.goto(`/desk/disputes/${state.disputeId}/recalculate`);
  await page.getByRole("link", { name: "Propose a correction" }).first().click();
  await page.waitForURL(/\/corrections\/new\?/);
  await expect(page.getByRole("region", { name: /Stripe would issue/ })).toContainText(usd(diff));
  await checkPage(page, "subscription-proration-correction");
  await page.getByRole("button", { name: "Submit and issue" }).click();
  await page.waitForURL(/\/desk\/corrections\/[^/]+$/);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Issued", { exact: true }).first().isVisible();
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBe(true);
  const notes = (await stripe.creditNotes.list({ invoice: state.stripeInvoiceId })).data;
  expect(notes).toHaveLength(1);
  expect(BigInt(notes[0].total)).toBe(diff);
  await close();
});
