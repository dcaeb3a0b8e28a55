import { expect, test } from "@playwright/test";
import { clearMail, mailCount, sessionCookie, signInAs, waitForSignInLink, withDb } from "./helpers";

test.describe.configure({ mode: "serial" });

test("magic link: request, read the mail from the catcher, open it, land on the overview", async ({ page, request }) => {
  // A Stripe customer with Alice's email and one open invoice: signing in links them.
  await withDb(async (db) => {
    await db.query(
      `INSERT INTO "Customer" (id, "stripeId", email, name, "stripeCreated", "updatedAt") VALUES ('c_e2e_alice', 'cus_e2e_alice', 'alice@example.com', 'Alice Ltd', now(), now()) ON CONFLICT DO NOTHING`,
    );
    await db.query(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       VALUES ('in_e2e_1', 'in_e2e_1', 'c_e2e_alice', 'OPEN', 'eur', 1000, 1000, 1000, 0, 1000, now()),
              ('in_e2e_2', 'in_e2e_2', 'c_e2e_alice', 'OPEN', 'eur', 500, 500, 500, 0, 500, now()),
              ('in_e2e_3', 'in_e2e_3', 'c_e2e_alice', 'PAID', 'eur', 500, 500, 0, 500, 0, now())
       ON CONFLICT DO NOTHING`,
    );
  });
  await clearMail(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("alice@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const link = await waitForSignInLink(request, "alice@example.com");
  expect(new URL(link).searchParams.get("token")).toMatch(/^[0-9a-f]{64}$/);
  await page.goto(link);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toContainText("Alice Anders");
  // Signing in linked Alice to the Stripe customer with her email.
  expect(
    await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT 1 FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" WHERE u.email = 'alice@example.com' AND uc."customerId" = 'c_e2e_alice'`,
          )
        ).rowCount,
    ),
  ).toBe(1);

  // Single use: the same link does not sign anyone in again.
  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await second.goto(link);
  await expect(second).toHaveURL(/\/sign-in\/error\?error=Verification/);
  await expect(second.getByRole("heading", { name: "This sign-in link cannot be used" })).toBeVisible();
  expect(await sessionCookie(second)).toBeUndefined();
  await other.close();
});

test("unknown addresses get the same answer and no mail", async ({ page, request }) => {
  await clearMail(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("If nobody-here@example.com can sign in to Settle, a sign-in link is on its way.")).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await mailCount(request, "nobody-here@example.com")).toBe(0);
});

test("next-auth's own email sign-in endpoint is closed", async ({ request }) => {
  const res = await request.post("/api/auth/signin/email", { form: { email: "alice@example.com" }, maxRedirects: 0 });
  expect(res.status()).toBe(404);
});

for (const path of ["/", "/desk", "/desk/queue"]) {
  test(`anonymous visitors of ${path} are sent to sign-in`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
    await expect(page.getByRole("heading", { name: "Sign in to Settle" })).toBeVisible();
  });
}

test("anonymous calls to a desk API get 401", async ({ request }) => {
  const res = await request.get("/api/desk/summary");
  expect(res.status()).toBe(401);
});

test("a customer cannot open desk pages nor call the desk API", async ({ page }) => {
  await signInAs(page, "bob@example.com");
  await expect(page).toHaveURL("/");
  for (const path of ["/desk", "/desk/queue", "/desk/audit"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  const api = await page.request.get("/api/desk/summary");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("forbidden");
});

test("an agent reaches the desk; the portal sends staff there", async ({ page }) => {
  await signInAs(page, "agent@settle.test");
  await expect(page).toHaveURL("/desk");
  await expect(page.getByRole("heading", { name: "Desk", level: 1 })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toContainText("Alex Agent");
  const api = await page.request.get("/api/desk/summary");
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({ openDisputes: expect.any(Number) });
  await page.goto("/");
  await expect(page).toHaveURL("/desk");
});

test("sign-out revokes the session: the old cookie stops working", async ({ page, browser }) => {
  await signInAs(page, "agent2@settle.test");
  const cookie = await sessionCookie(page);
  expect(cookie).toBeDefined();
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page).toHaveURL("/sign-in");

  const replay = await browser.newContext();
  await replay.addCookies([cookie!]);
  const p = await replay.newPage();
  await p.goto("/desk");
  await expect(p).toHaveURL(/\/sign-in\?callbackUrl=%2Fdesk/);
  expect((await p.request.get("/api/desk/summary")).status()).toBe(401);
  await replay.close();
});

test("signing in again rotates the session: new token, old one revoked", async ({ page, browser }) => {
  await signInAs(page, "lead@settle.test");
  const first = (await sessionCookie(page))!;
  const res = await page.request.post("/api/demo/sign-in", { form: { email: "lead@settle.test" }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  await page.goto(res.headers().location);
  await expect(page).toHaveURL("/desk");
  const second = (await sessionCookie(page))!;
  expect(second.value).not.toBe(first.value);

  const replay = await browser.newContext();
  await replay.addCookies([first]);
  expect((await replay.request.get("/api/desk/summary")).status()).toBe(401);
  await replay.close();
});

test("the demo mailbox lists sent mail with a working link", async ({ page, request }) => {
  await clearMail(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("carol@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await waitForSignInLink(request, "carol@example.com");
  await page.goto("/demo/mailbox");
  const mail = page.getByTestId("demo-mail").first();
  await expect(mail).toContainText("carol@example.com");
  await mail.getByRole("link", { name: "Sign in to Settle" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("signed-in-user")).toContainText("Carol Chen");
});

test("too many sign-in requests for one address show a plain message", async ({ page }) => {
  const email = "ratelimited@example.com";
  for (let i = 0; i < 5; i++) {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText("Too many sign-in requests. Please wait 15 minutes and try again.");
  // The form stays usable and sends nothing.
  await expect(page.getByLabel("Email address")).toHaveValue(email);
});
