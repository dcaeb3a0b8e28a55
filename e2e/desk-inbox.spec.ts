// Issue 14, staff side: the desk home is an inbox (mine, unassigned, my approvals — never my own
// requests — and SLA), the nav counts what waits, and the duplicate-charge refund form offers the
// audit's duplicate preselected while refunding the only payment of a paid invoice needs an override.
// Data goes straight into the database (no Stripe round trip is needed to look at these pages).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { checkPage, signedInPage, withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const tag = randomBytes(3).toString("hex");
const AGENT = `inbox-agent-${tag}@settle.test`;
const LEAD = `inbox-lead-${tag}@settle.test`;
const ids = {
  agent: `u_ia_${tag}`,
  lead: `u_il_${tag}`,
  customer: `cus_row_${tag}`,
  invoice: `inv_row_${tag}`,
  mine: `dsp_m_${tag}`,
  free: `dsp_f_${tag}`,
  twice: `dsp_t_${tag}`,
  finding: `fnd_${tag}`,
};
const charges = { original: `ch_orig${tag}`, dup: `ch_dup${tag}` };
const numbers: Record<string, number> = {};

/** Screenshots for people to look at (e2e/screenshots, git-ignored), then the shared axe and overflow checks. */
async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
    await page.screenshot({ path: `e2e/screenshots/desk-${name}-${width}.png`, fullPage: true });
  }
  await checkPage(page, name);
}

const setLocale = (locale: string) => withDb((c) => c.query(`UPDATE "User" SET locale = $1 WHERE id = ANY($2)`, [locale, [ids.agent, ids.lead]]));

test.beforeAll(async () => {
  await withDb(async (c) => {
    for (const [id, email, role, name] of [
      [ids.agent, AGENT, "AGENT", "Ines Agent"],
      [ids.lead, LEAD, "LEAD", "Lars Lead"],
    ]) {
      await c.query(`INSERT INTO "User" (id, email, name, role, "emailVerified", locale, "updatedAt") VALUES ($1, $2, $3, $4, now(), 'en', now())`, [
        id,
        email,
        name,
        role,
      ]);
    }
    await c.query(`INSERT INTO "Customer" (id, "stripeId", email, name, currency, "stripeCreated", "updatedAt") VALUES ($1, $2, $3, $4, 'usd', now(), now())`, [
      ids.customer,
      `cus_${tag}`,
      `ruth-${tag}@example.com`,
      `Ruth Rowe ${tag}`,
    ]);
    await c.query(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", number, status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       VALUES ($1, $2, $3, $4, 'PAID', 'usd', 7140, 7140, 7140, 7140, 0, now() - interval '1 day')`,
      [ids.invoice, `in_${tag}`, ids.customer, `INV-${tag}`],
    );
    await c.query(
      `INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity) VALUES ($1, $2, $3, 0, 'Team seats', 'usd', 7140, 6)`,
      [`il_row_${tag}`, `il_${tag}`, ids.invoice],
    );
    // The invoice's own payment, and the same amount charged again 40 s later on no invoice.
    for (const [id, offset] of [
      [charges.original, "0"],
      [charges.dup, "40"],
    ] as const) {
      await c.query(
        `INSERT INTO "Charge" (id, "stripeId", "customerId", amount, "amountCaptured", currency, status, paid, "stripeCreated") VALUES ($1, $1, $2, 7140, 7140, 'usd', 'succeeded', true, now() - interval '1 day' + ($3 || ' seconds')::interval)`,
        [id, ids.customer, offset],
      );
    }
    await c.query(
      `INSERT INTO "InvoicePayment" (id, "stripeId", "invoiceId", "chargeStripeId", "amountPaid", "amountRequested", currency, status, "stripeCreated") VALUES ($1, $2, $3, $4, 7140, 7140, 'usd', 'paid', now())`,
      [`ip_${tag}`, `inpay_${tag}`, ids.invoice, charges.original],
    );
    await c.query(
      `INSERT INTO "Finding" (id, rule, fingerprint, severity, "customerId", "invoiceId", currency, "amountAtStakeMinor", summary, evidence, "updatedAt")
       SELECT $1, 'duplicate_charge', $2, 'HIGH', $3, $4, 'usd', 7140, $5,
         -- the evidence the duplicate_charge rule writes, so the inbox reads as it would
         jsonb_build_object(
           'duplicate', jsonb_build_object('charge', d."stripeId", 'amount', d.amount::text, 'created', to_char(d."stripeCreated", 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'refunded', '0'),
           'original', jsonb_build_object('charge', o."stripeId", 'amount', o.amount::text, 'created', to_char(o."stripeCreated", 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
         now()
       FROM "Charge" d, "Charge" o WHERE d.id = $6 AND o.id = $7`,
      [
        ids.finding,
        `duplicate_charge:${charges.dup}`,
        ids.customer,
        ids.invoice,
        `Charge ${charges.dup} repeats ${charges.original}`,
        charges.dup,
        charges.original,
      ],
    );
    // Three disputes: one assigned to the agent and past its first-response deadline, one unassigned, one "charged twice".
    for (const [id, reason, assignee, due] of [
      [ids.mine, "WRONG_PRICE", ids.agent, "-2 hours"],
      [ids.free, "WRONG_QUANTITY", null, "+1 hour"],
      [ids.twice, "CHARGED_TWICE", ids.agent, "+3 days"],
    ] as const) {
      const r = await c.query(
        `INSERT INTO "Dispute" (id, "customerId", "invoiceId", reason, description, currency, "claimedMinor", "assigneeId", "firstResponseDueAt", "resolutionDueAt", "updatedAt")
         VALUES ($1, $2, $3, $4, 'We were charged twice for the same invoice.', 'usd', 7140, $5, now() + $6::interval, now() + interval '5 days', now()) RETURNING number`,
        [id, ids.customer, ids.invoice, reason, assignee, due],
      );
      numbers[id] = r.rows[0].number;
    }
    // A correction the agent requested (waits for the lead) and one the lead requested (never in the lead's own list).
    for (const [id, requester, amount] of [
      [`corr_a_${tag}`, ids.agent, 250000],
      [`corr_l_${tag}`, ids.lead, 990000],
    ] as const) {
      await c.query(
        `INSERT INTO "Correction" (id, "invoiceId", "disputeId", kind, status, currency, "amountMinor", lines, "idempotencyKey", "requestedById", "updatedAt")
         VALUES ($1, $2, $3, 'credit_note', 'PENDING_APPROVAL', 'usd', $4, '[]'::jsonb, $1, $5, now())`,
        [id, ids.invoice, ids.mine, amount, requester],
      );
    }
  });
});

// The specs share one database: close what this one opened, so other specs' queues start as they expect
// (a breached dispute of ours would otherwise sit at the top of every queue).
test.afterAll(async () => {
  await withDb(async (c) => {
    await c.query(`UPDATE "Dispute" SET status = 'RESOLVED', "resolvedAt" = now() WHERE id = ANY($1)`, [[ids.mine, ids.free, ids.twice]]);
    await c.query(`UPDATE "Correction" SET status = 'REJECTED' WHERE id = ANY($1)`, [[`corr_a_${tag}`, `corr_l_${tag}`]]);
  });
});

const D = (n: number) => `D-${String(n).padStart(6, "0")}`;

test("the agent's inbox: my open disputes soonest first, unassigned, SLA; nav badges count them", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, AGENT);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: "Desk" })).toBeVisible();
  const mine = page.getByTestId("inbox-mine");
  await expect(mine.getByRole("link", { name: D(numbers[ids.mine]) })).toBeVisible();
  await expect(mine.getByRole("link", { name: D(numbers[ids.twice]) })).toBeVisible();
  await expect(mine.getByText("due 2 hours ago")).toBeVisible();
  await expect(page.getByTestId("inbox-unassigned").getByRole("link", { name: D(numbers[ids.free]) })).toBeVisible();
  await expect(page.getByTestId("inbox-sla").getByRole("link", { name: D(numbers[ids.mine]) })).toBeVisible();
  // Agents approve nothing: no approvals list.
  await expect(page.getByTestId("inbox-approvals")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Desk.*2 open disputes assigned to you/ })).toBeVisible();
  await shoot(page, "desk-inbox-agent-en");
  // The link opens the dispute; the queue's "Mine" view shows a countdown.
  await mine.getByRole("link", { name: D(numbers[ids.mine]) }).click();
  await expect(page).toHaveURL(new RegExp(`/desk/disputes/${ids.mine}$`));
  await page.goto("/desk/disputes");
  await page.getByRole("link", { name: "Mine", exact: true }).click();
  await expect(page).toHaveURL(/assignee=me/);
  await expect(page.getByRole("link", { name: "Mine", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Assignee")).toHaveValue("me");
  await expect(page.getByText("2 hours ago").first()).toBeVisible();
  await shoot(page, "desk-queue-mine-en");
  await setLocale("ru");
  await page.goto("/desk");
  await expect(page.getByText("Мои открытые споры")).toBeVisible();
  await shoot(page, "desk-inbox-agent-ru");
  await setLocale("en");
  await close();
});

test("the lead's inbox lists the agent's correction waiting for approval, never the lead's own", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, LEAD);
  await page.goto("/desk");
  const approvals = page.getByTestId("inbox-approvals");
  await expect(approvals.getByRole("link", { name: /Credit note.*\$2,500\.00/ })).toBeVisible();
  await expect(approvals.getByRole("link", { name: /\$9,900\.00/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Approvals.*1 corrections wait for your approval/ })).toBeVisible();
  await approvals.getByRole("link", { name: /\$2,500\.00/ }).click();
  await expect(page).toHaveURL(new RegExp(`/desk/corrections/corr_a_${tag}$`));
  await expect(page.getByTestId("approval-evidence").getByText("We were charged twice for the same invoice.")).toBeVisible();
  await expect(page.getByLabel(/Reason for your decision \(required\)/)).toBeVisible();
  await shoot(page, "desk-approval-evidence-en");
  await setLocale("ru");
  await page.goto("/desk");
  await expect(page.getByText("Ждут моего одобрения")).toBeVisible();
  await shoot(page, "desk-inbox-lead-ru");
  await setLocale("en");
  await close();
});

test("the duplicate-charge refund form: the audit's duplicate chosen with its amount; the invoice's only payment needs an override", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, AGENT);
  await page.goto(`/desk/disputes/${ids.twice}`);
  await expect(page.getByTestId("dispute-findings").getByRole("link", { name: "Duplicate charge" })).toBeVisible();
  await page.getByRole("link", { name: "Refund a duplicate charge" }).click();
  await expect(page).toHaveURL(/kind=refund/);
  const charge = page.getByLabel("Charge", { exact: true });
  await expect(charge).toHaveValue(charges.dup);
  await expect(page.getByLabel("Amount to refund")).toHaveValue("71.40");
  await expect(page.getByTestId("refund-override")).toHaveCount(0);
  await shoot(page, "refund-duplicate-en");
  // The invoice's own (only) payment: the preview asks for the override.
  await charge.selectOption(charges.original);
  await page.getByRole("button", { name: "Preview refund" }).click();
  await expect(page).toHaveURL(new RegExp(`chargeStripeId=${charges.original}`));
  const override = page.getByTestId("refund-override");
  await expect(override).toBeVisible();
  await expect(override.getByText(`only payment of paid invoice INV-${tag}`)).toBeVisible();
  // Submitting without the override is refused with the reason in plain words; nothing is created.
  await page.getByRole("button", { name: "Submit refund" }).click();
  await expect(page.getByText("Please check the highlighted fields.")).toBeVisible();
  await expect(override.getByText("Confirm the override to refund it anyway.")).toBeVisible();
  // The form keeps the chosen charge after the refusal (it is not reset to the duplicate).
  await expect(charge).toHaveValue(charges.original);
  expect(await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM "Correction" WHERE "disputeId" = $1`, [ids.twice])).rows[0].n)).toBe(0);
  await shoot(page, "refund-override-en");
  await setLocale("ru");
  await page.goto(`/desk/disputes/${ids.twice}/corrections/new?kind=refund`);
  await expect(page.getByLabel("Сумма возврата")).toHaveValue("71.40");
  await shoot(page, "refund-duplicate-ru");
  await page.goto(`/desk/disputes/${ids.twice}/corrections/new?kind=refund&chargeStripeId=${charges.original}&amount=71.40`);
  await expect(page.getByTestId("refund-override")).toBeVisible();
  await shoot(page, "refund-override-ru");
  await setLocale("en");
  await close();
});

test("the directory finds the customer and invoice by charge id and dispute number; the invoice page links back", async ({ browser }) => {
  const { page, close } = await signedInPage(browser, AGENT);
  await page.goto("/desk");
  await page.getByRole("link", { name: "Customers", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Customers and invoices" })).toBeVisible();
  await page.getByLabel("Search").fill(charges.dup);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("link", { name: `Ruth Rowe ${tag}` }).first()).toBeVisible();
  await page.getByLabel("Search").fill(D(numbers[ids.twice]));
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("link", { name: D(numbers[ids.twice]) })).toBeVisible();
  await page
    .getByRole("link", { name: `INV-${tag}` })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/desk/invoices/${ids.invoice}$`));
  await expect(page.getByRole("link", { name: D(numbers[ids.twice]) })).toBeVisible();
  await shoot(page, "desk-invoice-en");
  await page.goto(`/desk/customers?q=${encodeURIComponent(`ruth-${tag}`)}`);
  await expect(page.getByRole("link", { name: `INV-${tag}` })).toBeVisible();
  await shoot(page, "desk-directory-en");
  await setLocale("ru");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Клиенты и счета" })).toBeVisible();
  await shoot(page, "desk-directory-ru");
  await setLocale("en");
  await close();
});
