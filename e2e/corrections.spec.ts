// Journey 4–5 end to end, with Stripe in the loop: a paid invoice is created in the Stripe
// emulator and reaches Settle by webhook; the customer disputes it ("charged 12 seats, we have
// 10"); an agent recalculates, previews Stripe's credit note and submits it; a lead (a second
// user) approves it; the credit note exists in the emulator, its webhook confirms it, the
// customer sees it on the invoice and receives the email.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import Stripe from "stripe";
import { checkPage, mailApi, signedInPage, withDb } from "./helpers";

const check = checkPage;
const as = signedInPage;

test.describe.configure({ mode: "serial", timeout: 180_000 });

const AGENT = "agent@settle.test";
const LEAD = "lead@settle.test";
const tag = randomBytes(3).toString("hex");
const CUSTOMER = `dana-${tag}@example.com`;

const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_settle_e2e", {
  host: "127.0.0.1",
  port: Number(process.env.E2E_STRIPE_PORT ?? 12911),
  protocol: "http",
  maxNetworkRetries: 2,
});

/** At desktop width every table region on the page shows its last column without scrolling. */
async function expectTablesFit(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const regions = await page
    .locator('[role="region"]:has(> table)')
    .evaluateAll((els) => els.map((el) => ({ table: el.getAttribute("aria-label"), hidden: el.scrollWidth - el.clientWidth })));
  expect(regions.length, `${name}: tables found`).toBeGreaterThan(0);
  expect(
    regions.filter((r) => r.hidden > 0),
    `${name}: tables that scroll sideways at 1280 px`,
  ).toEqual([]);
}

const state = { stripeInvoiceId: "", invoiceId: "", disputeId: "", recalculationId: "", correctionUrl: "", correctionPath: "" };

/** A database session for the user as next-auth's cookie (sign-in itself is e2e/auth.spec.ts's job). */

test.beforeAll(async () => {
  // A verified customer user: the sync links the Stripe customer with the same email to them.
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Dana Diaz', 'CUSTOMER', now(), 'en', now())`, [
      `u_dana_${tag}`,
      CUSTOMER,
    ]),
  );
  const customer = await stripe.customers.create({
    email: CUSTOMER,
    name: `Dana Diaz ${tag}`,
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
  });
  const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
  for (const [name, unit, quantity] of [
    ["Team seats", 30_000, 12],
    ["Support plan", 5_000, 1],
  ] as const) {
    const product = await stripe.products.create({ name: `${name} ${tag}` });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: unit });
    await stripe.invoiceItems.create({ customer: customer.id, currency: "usd", pricing: { price: price.id }, quantity, description: name });
  }
  const draft = await stripe.invoices.create({
    customer: customer.id,
    currency: "usd",
    collection_method: "charge_automatically",
    auto_advance: false,
    pending_invoice_items_behavior: "include",
    default_tax_rates: [vat.id],
  });
  await stripe.invoices.finalizeInvoice(draft.id!, { auto_advance: false });
  const paid = await stripe.invoices.pay(draft.id!);
  expect(paid.status).toBe("paid");
  // 12 × 300.00 + 50.00 = 3,650.00 + 20 % VAT = 4,380.00
  expect(paid.total).toBe(438_000);
  state.stripeInvoiceId = paid.id!;
  await fetch(`${mailApi()}/messages`, { method: "DELETE" });

  // The webhooks reach the app, whose processor projects the paid invoice with its lines.
  await expect
    .poll(
      () =>
        withDb(async (c) => {
          const r = await c.query(
            `SELECT i.id, i.status, count(l.id)::int AS lines FROM "Invoice" i LEFT JOIN "InvoiceLine" l ON l."invoiceId" = i.id WHERE i."stripeId" = $1 GROUP BY i.id`,
            [paid.id],
          );
          return r.rows[0] ? `${r.rows[0].status}:${r.rows[0].lines}` : "missing";
        }),
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBe("PAID:2");
  await withDb(async (c) => {
    const inv = await c.query(`SELECT id, "customerId" FROM "Invoice" WHERE "stripeId" = $1`, [paid.id]);
    state.invoiceId = inv.rows[0].id;
    const linked = await c.query(`SELECT 1 FROM "UserCustomer" WHERE "userId" = $1 AND "customerId" = $2`, [`u_dana_${tag}`, inv.rows[0].customerId]);
    expect(linked.rowCount, "the sync links the Stripe customer to the verified user").toBe(1);
    const seats = await c.query(`SELECT id FROM "InvoiceLine" WHERE "invoiceId" = $1 ORDER BY position LIMIT 1`, [state.invoiceId]);
    // The customer's dispute on the seats line (journey 3 is e2e/disputes.spec.ts); no SLA deadline keeps it last in the queue.
    state.disputeId = `dsp_${tag}`;
    await c.query(
      `INSERT INTO "Dispute" (id, "customerId", "invoiceId", scope, reason, description, currency, "claimedMinor", "openedById", "updatedAt")
       VALUES ($1, $2, $3, 'lines', 'WRONG_QUANTITY', 'Charged 12 seats, we have 10.', 'usd', 72000, $4, now())`,
      [state.disputeId, inv.rows[0].customerId, state.invoiceId, `u_dana_${tag}`],
    );
    await c.query(`INSERT INTO "DisputedLine" (id, "disputeId", "invoiceLineId", "expectedQuantity", "openLineKey") VALUES ($1, $2, $3, 10, $3)`, [
      `dl_${tag}`,
      state.disputeId,
      seats.rows[0].id,
    ]);
  });
});

test("an agent recalculates the disputed invoice: 12 seats → 10, per line and in the totals", async ({ browser }) => {
  const { page, close } = await as(browser, AGENT);
  await page.goto(`/desk/disputes/${state.disputeId}`);
  await page.getByRole("link", { name: "Recalculate the invoice" }).click();
  await page.waitForURL(/\/recalculate$/);
  await expect(page.getByRole("heading", { name: /Recalculate D-\d{6}/ })).toBeVisible();
  const seats = page.getByRole("row").filter({ hasText: "Team seats" });
  await expect(seats.getByText("Charged: 12")).toBeVisible();
  await expect(page.getByTestId("recalc-total-total")).toContainText("US$4,380.00");
  await check(page, "recalculation");
  await expectTablesFit(page, "recalculation");

  // a plain-words error first, then the right quantity
  const quantity = page.getByLabel("Quantity for Team seats");
  await quantity.fill("ten");
  await expect(page.getByText("Enter a quantity such as 10 or 2.5.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save recalculation" })).toBeDisabled();
  await quantity.fill("10");
  await expect(page.getByText("Enter a quantity such as 10 or 2.5.")).toHaveCount(0);
  // seats 3,600.00 → 3,000.00 (+ VAT 720.00 → 600.00): 720.00 less, support plan unchanged
  await expect(seats).toContainText("US$3,600.00");
  await expect(seats).toContainText("+US$720.00");
  await expect(page.getByRole("row").filter({ hasText: "Support plan" })).toContainText("US$0.00");
  await expect(page.getByTestId("recalc-total-subtotal")).toContainText("US$3,050.00");
  await expect(page.getByTestId("recalc-total-totalTax")).toContainText("US$610.00");
  await expect(page.getByTestId("recalc-total-total")).toContainText("US$3,660.00");
  await expect(page.getByTestId("recalc-total-total")).toContainText("+US$720.00");
  await page.getByLabel("Note for the audit log (optional)").fill("Seat list from the customer shows 10 active seats.");
  await page.getByRole("button", { name: "Save recalculation" }).click();
  await expect(page.getByText("Saved. The customer was overcharged by US$720.00.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Propose a correction" }).first()).toBeVisible();
  await check(page, "recalculation-saved");
  await expectTablesFit(page, "recalculation-saved");

  const saved = await withDb((c) =>
    c.query(`SELECT id, "differenceMinor"::text AS diff, outcome FROM "Recalculation" WHERE "disputeId" = $1`, [state.disputeId]),
  );
  expect(saved.rows).toHaveLength(1);
  expect(saved.rows[0]).toMatchObject({ diff: "72000", outcome: "customer_right" });
  state.recalculationId = saved.rows[0].id;
  const audit = await withDb((c) =>
    c.query(`SELECT reason FROM "AuditEntry" WHERE action = 'recalculation.create' AND "entityId" = $1`, [state.recalculationId]),
  );
  expect(audit.rows).toEqual([{ reason: "Seat list from the customer shows 10 active seats." }]);
  const href = await page.getByRole("link", { name: "Propose a correction" }).first().getAttribute("href");
  expect(href).toBe(`/desk/disputes/${state.disputeId}/corrections/new?recalculation=${state.recalculationId}`);
  state.correctionUrl = href!;

  // the saved recalculation is listed on reload (server-rendered)
  await page.reload();
  await expect(page.getByTestId(`recalculation-${state.recalculationId}`)).toContainText("Customer right");
  await expectTablesFit(page, "recalculation-reloaded");
  await close();
});

test("the recalculation page in Russian", async ({ browser }) => {
  const email = `agent-ru-${tag}@settle.test`;
  await withDb((c) =>
    c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, 'Ирина Агент', 'AGENT', now(), 'ru', now())`, [
      `u_agent_ru_${tag}`,
      email,
    ]),
  );
  const { page, close } = await as(browser, email);
  await page.goto(`/desk/disputes/${state.disputeId}/recalculate`);
  await expect(page.getByRole("heading", { name: /Пересчёт D-\d{6}/ })).toBeVisible();
  await expect(page.getByTestId(`recalculation-${state.recalculationId}`)).toContainText("Клиент прав");
  await page.getByLabel("Количество: Team seats").fill("десять");
  await expect(page.getByText("Введите количество, например 10 или 2,5.")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/recalculation-ru-1280.png", fullPage: true });
  await expectTablesFit(page, "recalculation-ru");
  // and with every figure filled in (the Russian labels and amounts are the widest)
  await page.getByLabel("Количество: Team seats").fill("10");
  await expect(page.getByText("Введите количество, например 10 или 2,5.")).toHaveCount(0);
  await expect(page.getByTestId("recalc-total-total")).toContainText("720,00");
  await expectTablesFit(page, "recalculation-ru-filled");
  await close();
});

test("a customer cannot open the desk's recalculation page", async ({ browser }) => {
  const { page, close } = await as(browser, CUSTOMER);
  const res = await page.goto(`/desk/disputes/${state.disputeId}/recalculate`);
  expect(res?.status()).toBe(404);
  await close();
});

test("the agent previews Stripe's credit note, splits it between refund and balance credit, and submits it for approval", async ({ browser }) => {
  const { page, close } = await as(browser, AGENT);
  await page.goto(`/desk/disputes/${state.disputeId}/recalculate`);
  await page.getByTestId(`recalculation-${state.recalculationId}`).getByRole("link", { name: "Propose a correction" }).click();
  await page.waitForURL(/\/corrections\/new\?/);
  await expect(page.getByRole("heading", { name: /New correction for D-\d{6}/ })).toBeVisible();
  // Stripe's own preview (the emulator's /v1/credit_notes/preview) of the per-line difference
  await expect(page.getByRole("region", { name: /Stripe would issue/ })).toContainText("US$720.00");
  await expect(page.getByText(/Above the approval threshold/)).toBeVisible();
  // the invoice was paid by card: all of it is post-payment, split exactly
  await page.getByLabel("Refund to the card").fill("500");
  await page.getByLabel("Credit to the customer balance").fill("220");
  await page.getByLabel("Memo to the customer").fill("Two seats fewer, as your seat list shows.");
  await page.getByRole("button", { name: "Update preview" }).click();
  // the preview is a navigation carrying the typed split; the form keeps what was typed
  await page.waitForURL(/[?&]refund=500(&|$)/);
  await expect(page.getByLabel("Refund to the card")).toHaveValue(/^500(\.00)?$/);
  await expect(page.getByLabel("Credit to the customer balance")).toHaveValue(/^220(\.00)?$/);
  await expect(page.getByRole("region", { name: /Stripe would issue/ })).toContainText("US$720.00");
  await check(page, "journey-correction-new");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await page.waitForURL(/\/desk\/corrections\/[^/]+$/);
  state.correctionPath = new URL(page.url()).pathname;
  await expect(page.getByText(/another lead or an admin must approve/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve and issue" })).toHaveCount(0);
  await check(page, "journey-correction-requested");
  // nothing reached Stripe yet
  expect((await stripe.creditNotes.list({ invoice: state.stripeInvoiceId })).data).toHaveLength(0);
  await close();
});

test("a lead (a second person) approves; the credit note is issued in Stripe and confirmed by its webhook", async ({ browser }) => {
  const { page, close } = await as(browser, LEAD);
  await page.goto("/desk/approvals");
  await page.locator(`a[href="${state.correctionPath}"]`).first().click();
  await page.waitForURL(new RegExp(`${state.correctionPath}$`));
  await page.getByLabel("Reason for your decision").fill("Seat count checked against the customer's seat list.");
  await page.getByRole("button", { name: "Approve and issue" }).click();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Issued", { exact: true }).first().isVisible();
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBe(true);
  await check(page, "journey-correction-issued");

  // the credit note exists in Stripe (the emulator), once, with the split asked for
  const notes = (await stripe.creditNotes.list({ invoice: state.stripeInvoiceId })).data;
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({ total: 72_000, status: "issued", memo: "Two seats fewer, as your seat list shows." });
  // the webhook confirmed it: the projection holds it, the correction points at it, the dispute is resolved, all audited
  const row = await withDb(async (c) => {
    const r = await c.query(
      `SELECT c.status, c."stripeCreditNoteId", c."refundMinor"::text AS refund, c."creditMinor"::text AS credit, c."requestedById" <> c."approvedById" AS four_eyes, d.status AS dispute, cn.total::text AS synced_total
         FROM "Correction" c JOIN "Dispute" d ON d.id = c."disputeId" LEFT JOIN "CreditNote" cn ON cn."stripeId" = c."stripeCreditNoteId"
        WHERE c."disputeId" = $1`,
      [state.disputeId],
    );
    return r.rows;
  });
  expect(row).toEqual([
    { status: "ISSUED", stripeCreditNoteId: notes[0].id, refund: "50000", credit: "22000", four_eyes: true, dispute: "RESOLVED", synced_total: "72000" },
  ]);
  const actions = await withDb(async (c) =>
    (await c.query(`SELECT action FROM "AuditEntry" WHERE "entityId" = $1 ORDER BY id`, [state.correctionPath.split("/").pop()])).rows.map(
      (r) => r.action as string,
    ),
  );
  expect(actions).toEqual(expect.arrayContaining([expect.stringMatching(/approve/)]));
  await close();
});

test("the customer sees the credit note on the invoice and receives the email", async ({ browser, request }) => {
  type Mail = { to: string[]; subject: string; text: string };
  let mails: Mail[] = [];
  await expect
    .poll(
      async () => {
        mails = (await (await request.get(`${mailApi()}/messages?to=${encodeURIComponent(CUSTOMER)}`)).json()) as Mail[];
        return mails.some((m) => /has been resolved/.test(m.subject));
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const mail = mails.find((m) => /has been resolved/.test(m.subject))!;
  // The email links the credit note itself (its page in the portal).
  expect(mail.text).toMatch(/\/credit-notes\/[a-z0-9]+/);

  const { page, close } = await as(browser, CUSTOMER);
  await page.goto(`/invoices/${state.invoiceId}`);
  const section = page.locator("section").filter({ has: page.getByRole("heading", { name: "Credit notes" }) });
  await expect(section).toContainText("US$720.00");
  await expect(section.getByRole("link")).toHaveCount(1);
  await close();
});

test("a recalculation that confirms the invoice proposes closing the dispute as 'not an error'", async ({ browser }) => {
  // a second claim on the same invoice: "the support plan is wrong" — it is not
  const disputeId = `dsp2_${tag}`;
  await withDb(async (c) => {
    const inv = await c.query(`SELECT "customerId" FROM "Invoice" WHERE id = $1`, [state.invoiceId]);
    await c.query(
      `INSERT INTO "Dispute" (id, "customerId", "invoiceId", scope, reason, description, currency, "openedById", "updatedAt")
       VALUES ($1, $2, $3, 'invoice', 'WRONG_PRICE', 'The support plan should be cheaper.', 'usd', $4, now())`,
      [disputeId, inv.rows[0].customerId, state.invoiceId, `u_dana_${tag}`],
    );
  });
  const { page, close } = await as(browser, AGENT);
  await page.goto(`/desk/disputes/${disputeId}/recalculate`);
  // the invoice as it now stands in Stripe's figures is what the recalculation starts from
  await page.getByRole("button", { name: "Save recalculation" }).click();
  await expect(page.getByText("Saved. The invoice is confirmed: the recalculation does not lower it.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Propose a correction" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Close as not an error" })).toHaveCount(1);
  await check(page, "recalculation-confirmed");
  await page.getByRole("button", { name: "Close as not an error" }).click();
  // the page re-renders for a closed dispute: the editor is read-only now
  await expect(page.getByText(/This dispute is closed: you can look at its recalculations/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Save recalculation" })).toBeDisabled();
  const d = await withDb(async (c) => (await c.query(`SELECT status, "rootCause" FROM "Dispute" WHERE id = $1`, [disputeId])).rows[0]);
  expect(d).toEqual({ status: "REJECTED", rootCause: "NOT_AN_ERROR" });
  await close();
});
