// Issue 12, "redirects, headers and limits", black-box against the production build:
// hardening headers and a nonce CSP under which every page still runs, no open redirect,
// redirects that follow the public URL behind a reverse proxy, request-body limits, the
// per-IP sign-in limit that a forged X-Forwarded-For cannot dodge, public/ files, and the
// start-up refusal of demo mode against a non-local Stripe.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { withDb } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const tag = randomBytes(3).toString("hex");
const CUSTOMER = `sec-${tag}@example.com`;
const ADMIN = "admin@settle.test";
const ids = { customer: `cus_sec_${tag}`, invoice: `inv_sec_${tag}`, lines: [0, 1, 2].map((i) => `il_sec_${tag}_${i}`) };

test.beforeAll(async () => {
  await withDb(async (c) => {
    const user = await c.query(`INSERT INTO "User" (id, email, role, locale, "updatedAt") VALUES ($1, $2, 'CUSTOMER', 'en', now()) RETURNING id`, [
      `u_sec_${tag}`,
      CUSTOMER,
    ]);
    await c.query(
      `INSERT INTO "Customer" (id, "stripeId", email, name, currency, "stripeCreated", "updatedAt") VALUES ($1, $2, $3, 'Security Test Ltd', 'usd', now(), now())`,
      [ids.customer, `cus_${tag}`, CUSTOMER],
    );
    await c.query(`INSERT INTO "UserCustomer" ("userId", "customerId") VALUES ($1, $2)`, [user.rows[0].id, ids.customer]);
    await c.query(
      `INSERT INTO "Invoice" (id, "stripeId", "customerId", number, status, currency, subtotal, total, "amountDue", "amountPaid", "amountRemaining", "stripeCreated")
       VALUES ($1, $2, $3, $4, 'PAID', 'usd', 19500, 19500, 19500, 19500, 0, now())`,
      [ids.invoice, `in_${tag}`, ids.customer, `SEC-${tag}`],
    );
    const lines = [
      ["Team seats", 12000, "12"],
      ["Support plan", 5000, "1"],
      ["Storage add-on", 2500, "5"],
    ] as const;
    for (const [i, [description, amount, quantity]] of lines.entries()) {
      await c.query(
        `INSERT INTO "InvoiceLine" (id, "stripeId", "invoiceId", position, description, currency, amount, quantity) VALUES ($1, $2, $3, $4, $5, 'usd', $6, $7)`,
        [ids.lines[i], `il_${tag}_${i}`, ids.invoice, i, description, amount, quantity],
      );
    }
  });
});

/** A database session for `email`, as next-auth would create it. */
async function sessionToken(email: string): Promise<string> {
  const token = randomBytes(24).toString("hex");
  await withDb(async (c) => {
    const user = await c.query(`SELECT id FROM "User" WHERE email = $1`, [email]);
    await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      `s_${token.slice(0, 20)}`,
      token,
      user.rows[0].id,
    ]);
  });
  return token;
}

/**
 * A signed-in page on `origin` that records every CSP violation and console error from its
 * first navigation on.
 */
async function watchedPage(browser: Browser, email: string, origin: string) {
  const context = await browser.newContext({ baseURL: origin });
  await context.addCookies([{ name: "next-auth.session-token", value: await sessionToken(email), url: origin, httpOnly: true, sameSite: "Lax" }]);
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  return { page, consoleErrors, close: () => context.close() };
}

/** The page's scripts ran: no CSP violation, and the App Router hydrated. */
async function expectRunsUnderCsp(page: Page, consoleErrors: string[], label: string) {
  await page.waitForLoadState("load");
  await expect
    .poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version), { message: `${label} hydrated` })
    .toBe("string");
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), `${label}: CSP violations`).toEqual([]);
  expect(
    consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e)),
    `${label}: console`,
  ).toEqual([]);
}

const port = () => Number(process.env.E2E_PORT ?? 3100);

test("pages carry a nonce CSP and the hardening headers; static files the fixed ones", async ({ request }) => {
  const first = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const h = first.headers();
  const csp = h["content-security-policy"];
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  const scriptSrc = csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src"))!;
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  // Every script in the page carries this response's nonce; the next response has a new one.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  const second = await request.get("/sign-in");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce!);

  // Stripe's deliveries are answered before Next's router (features/stripe-sync/intake/webhook-fast-path): same headers.
  const webhook = await request.post("/api/stripe/webhook", { data: "{}", headers: { "stripe-signature": "t=1,v1=00" } });
  expect(webhook.status()).toBe(400);
  for (const res of [first, await request.get("/robots.txt"), await request.get("/favicon.ico"), await request.get("/api/health"), webhook]) {
    const headers = res.headers();
    expect(headers["x-content-type-options"], res.url()).toBe("nosniff");
    expect(headers["referrer-policy"], res.url()).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], res.url()).toContain("camera=()");
    expect(headers["x-frame-options"], res.url()).toBe("DENY");
    // The public URL here is http: no HSTS (lib/http/security-headers.test.ts covers https).
    expect(headers["strict-transport-security"], res.url()).toBeUndefined();
  }
});

test("public/ files are served to anyone: icons, manifest, robots.txt, security.txt", async ({ request }) => {
  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/m);
  const security = await request.get("/.well-known/security.txt", { maxRedirects: 0 });
  expect(security.status()).toBe(200);
  expect(await security.text()).toMatch(/^Contact: mailto:/m);
  for (const [path, type] of [
    ["/favicon.ico", /icon/],
    ["/icon.svg", /svg/],
    ["/apple-touch-icon.png", /png/],
    ["/icon-192.png", /png/],
    ["/manifest.webmanifest", /manifest|json/],
  ] as const) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
  }
  const signIn = await request.get("/sign-in");
  expect(await signIn.text()).toContain('<meta name="robots" content="noindex, nofollow"');
});

test("sign-in never redirects off the site, and odd callbackUrls answer a redirect, not a 500", async ({ browser }) => {
  const { page, close } = await watchedPage(browser, CUSTOMER, `http://localhost:${port()}`);
  for (const callbackUrl of [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "/\r\nSet-Cookie: x=1",
    "/invoices\n",
    "/счета",
    "/invoices?q=ü",
  ]) {
    const res = await page.request.get(`/sign-in?${new URLSearchParams({ callbackUrl })}`, { maxRedirects: 0 });
    expect(res.status(), JSON.stringify(callbackUrl)).toBeGreaterThanOrEqual(300);
    expect(res.status(), JSON.stringify(callbackUrl)).toBeLessThan(400);
    const location = res.headers()["location"];
    // Same-origin and relative: one leading slash, no scheme, nothing a browser strips.
    expect(location, JSON.stringify(callbackUrl)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    expect(res.headers()["set-cookie"] ?? "").not.toContain("x=1");
  }
  const ok = await page.request.get(`/sign-in?${new URLSearchParams({ callbackUrl: "/invoices?status=paid" })}`, { maxRedirects: 0 });
  expect(ok.headers()["location"]).toBe("/invoices?status=paid");
  await close();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Another production server on the e2e database, with a changed environment. */
function startServer(listen: number, env: Record<string, string>) {
  const child = spawn("npx", ["next", "start", "-p", String(listen)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "e2e-test-secret-not-for-production-use",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      SETTLE_IN_PROCESS_WORKER: "0",
      SETTLE_DEMO: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx does not pass SIGTERM on to the next-server it starts.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once("exit", r));
  return {
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
    },
  };
}

test("behind a reverse proxy (public URL ≠ listen address) every redirect stays on the public origin", async ({ browser }) => {
  test.setTimeout(180_000);
  // A minimal reverse proxy as a deployment would run it: it keeps the public Host and
  // overwrites X-Forwarded-For/-Host. Its address is the public URL (NEXTAUTH_URL) of a
  // second server that listens elsewhere and trusts one proxy hop.
  const listen = await freePort();
  const proxy = http.createServer((req, res) => {
    const headers = {
      ...req.headers,
      "x-forwarded-for": req.socket.remoteAddress ?? "",
      "x-forwarded-host": req.headers.host ?? "",
      "x-forwarded-proto": "http",
    };
    const out = http.request({ host: "127.0.0.1", port: listen, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  const publicOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const server = startServer(listen, {
    NEXTAUTH_URL: publicOrigin,
    TRUSTED_PROXY_HOPS: "1",
    SETTLE_DEMO: "1",
    STRIPE_API_BASE: process.env.E2E_STRIPE_API_BASE!,
    STRIPE_SECRET_KEY: process.env.E2E_STRIPE_SECRET_KEY!,
    STRIPE_WEBHOOK_SECRET: process.env.E2E_STRIPE_WEBHOOK_SECRET!,
    SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
  });
  try {
    await expect.poll(async () => (await fetch(`${publicOrigin}/api/auth/csrf`).catch(() => undefined))?.status, { timeout: 60_000 }).toBe(200);

    // Anonymous: the proxy's sign-in redirect is relative.
    const anon = await fetch(`${publicOrigin}/invoices/${ids.invoice}`, { redirect: "manual" });
    expect(anon.status).toBe(307);
    expect(anon.headers.get("location")).toMatch(/^\/sign-in\?callbackUrl=/);

    // The demo sign-in chain (form post → one-time link → next-auth callback) names only the
    // public origin, and the session cookie it sets works there.
    const picked = await fetch(`${publicOrigin}/api/demo/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: publicOrigin, "content-type": "application/x-www-form-urlencoded" },
      body: "email=alice%40example.com",
    });
    expect(picked.status).toBe(303);
    const link = picked.headers.get("location")!;
    expect(link.startsWith(`${publicOrigin}/api/auth/callback/email?`)).toBe(true);
    const callback = await fetch(link, { redirect: "manual" });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${publicOrigin}/`);
    expect(callback.headers.get("set-cookie")).toContain("next-auth.session-token=");

    const { page, consoleErrors, close } = await watchedPage(browser, CUSTOMER, publicOrigin);
    await page.goto(`/invoices/${ids.invoice}`);
    await page.getByRole("checkbox", { name: "Select line 1 for a dispute" }).check();
    await page.getByRole("checkbox", { name: "Select line 2 for a dispute" }).check();
    await page.getByRole("button", { name: "Dispute selected lines" }).click();
    await page.waitForURL(/\/disputes\/new\?/, { timeout: 15_000 });
    expect(new URL(page.url()).origin).toBe(publicOrigin);
    expect(new URL(page.url()).searchParams.get("lines")).toBe(`${ids.lines[0]},${ids.lines[1]}`);
    await expectRunsUnderCsp(page, consoleErrors, "/disputes/new behind the proxy");

    // A server action through the proxy (origin check against the forwarded host), with an
    // attachment, ends on the public origin too.
    await page.getByLabel("What is wrong?").selectOption("WRONG_QUANTITY");
    await page.getByLabel("Describe the problem").fill("Charged 12 seats, we have 10; the support plan was cancelled.");
    await page
      .getByLabel("Attachments (optional)")
      .setInputFiles({ name: "seats.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    await page.getByRole("button", { name: "Send dispute" }).click();
    await page.waitForURL(/\/disputes\/(?!new)[^/?]+$/);
    expect(new URL(page.url()).origin).toBe(publicOrigin);
    await expect(page.getByRole("link", { name: "seats.pdf" })).toBeVisible();
    await expectRunsUnderCsp(page, consoleErrors, "dispute page behind the proxy");
    await close();
  } finally {
    await server.stop();
    await new Promise((r) => proxy.close(r));
  }
});

test("a customer past the attachment quota is told so plainly, in English and Russian", async ({ browser }) => {
  // Fill the customer's quota with one recorded upload (the default quota is 200 MB).
  const disputeId = await withDb(async (c) => {
    const d = await c.query(`SELECT id FROM "Dispute" WHERE "customerId" = $1 ORDER BY "createdAt" LIMIT 1`, [ids.customer]);
    const u = await c.query(`SELECT id FROM "User" WHERE email = $1`, [CUSTOMER]);
    await c.query(
      `INSERT INTO "Attachment" (id, "disputeId", "uploadedById", "fileName", "storedName", "mimeType", "sizeBytes", sha256) VALUES ($1, $2, $3, 'archive.pdf', $4, 'application/pdf', $5, $6)`,
      [`att_sec_${tag}`, d.rows[0].id, u.rows[0].id, `${randomBytes(16).toString("hex")}.pdf`, 200 * 1024 * 1024, "0".repeat(64)],
    );
    return d.rows[0].id as string;
  });
  const { page, consoleErrors, close } = await watchedPage(browser, CUSTOMER, `http://localhost:${port()}`);
  const before = await withDb(
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM "DisputeMessage" WHERE "disputeId" = $1`, [disputeId])).rows[0].n as number,
  );
  for (const [locale, label, files, send, message] of [
    ["en", "Your message", "Attachments (optional)", "Send reply", "This account has used all of its storage for attachments"],
    ["ru", "Ваше сообщение", "Вложения (необязательно)", "Отправить ответ", "Место для вложений этого аккаунта закончилось"],
  ] as const) {
    await withDb((c) => c.query(`UPDATE "User" SET locale = $1 WHERE email = $2`, [locale, CUSTOMER]));
    await page.goto(`/disputes/${disputeId}`);
    await page.getByLabel(label).fill("One more statement, attached.");
    await page
      .getByLabel(files)
      .setInputFiles({ name: "more.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    await page.getByRole("button", { name: send }).click();
    await expect(page.getByText(message).first()).toBeVisible();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
      await page.screenshot({ path: `e2e/screenshots/security-quota-${locale}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectRunsUnderCsp(page, consoleErrors, `quota message (${locale})`);
  }
  await withDb((c) => c.query(`UPDATE "User" SET locale = 'en' WHERE email = $1`, [CUSTOMER]));
  const after = await withDb(
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM "DisputeMessage" WHERE "disputeId" = $1`, [disputeId])).rows[0].n as number,
  );
  expect(after).toBe(before);
  await close();
});

test("every portal and desk page runs under the CSP without a violation", async ({ browser }) => {
  test.setTimeout(300_000);
  const origin = `http://localhost:${port()}`;
  const found = await withDb(async (c) => {
    const one = async (sql: string, params: unknown[] = []) => ((await c.query(sql, params)).rows[0]?.id as string | undefined) ?? null;
    return {
      dispute: await one(`SELECT id FROM "Dispute" WHERE "customerId" = $1 LIMIT 1`, [ids.customer]),
      creditNote: await one(`SELECT id FROM "CreditNote" LIMIT 1`),
      correction: await one(`SELECT id FROM "Correction" LIMIT 1`),
      finding: await one(`SELECT id FROM "Finding" LIMIT 1`),
    };
  });
  const customerPages = [
    "/",
    "/invoices",
    `/invoices/${ids.invoice}`,
    "/payments",
    "/subscriptions",
    "/credit-notes",
    "/disputes",
    `/disputes/new?invoice=${ids.invoice}`,
    ...(found.dispute ? [`/disputes/${found.dispute}`] : []),
  ];
  const deskPages = [
    "/desk",
    "/desk/disputes",
    "/desk/approvals",
    "/desk/audit",
    "/desk/audit-dashboard",
    "/desk/findings",
    "/desk/reports",
    "/desk/sync",
    "/desk/sync/reconciliation",
    "/desk/settings/sla",
    "/desk/settings/canned-replies",
    `/desk/customers/${ids.customer}`,
    `/desk/customers/${ids.customer}/tariffs`,
    ...(found.dispute ? [`/desk/disputes/${found.dispute}`, `/desk/disputes/${found.dispute}/recalculate`] : []),
    ...(found.correction ? [`/desk/corrections/${found.correction}`] : []),
    ...(found.finding ? [`/desk/findings/${found.finding}`] : []),
  ];
  for (const [email, pages] of [
    [CUSTOMER, customerPages],
    [ADMIN, deskPages],
  ] as const) {
    const { page, consoleErrors, close } = await watchedPage(browser, email, origin);
    for (const path of pages) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expectRunsUnderCsp(page, consoleErrors, path);
    }
    await close();
  }
  // Anonymous pages too.
  const anon = await browser.newContext({ baseURL: origin });
  const page = await anon.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/sign-in");
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version)).toBe("string");
  await page.goto("/demo/mailbox");
  expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  await anon.close();
});

test("large bodies only reach attachment pages, and only with a live session", async ({ request }) => {
  const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
  const post = (path: string, cookie?: string) =>
    request.post(path, {
      data: big,
      headers: { "content-type": "application/octet-stream", ...(cookie ? { cookie: `next-auth.session-token=${cookie}` } : {}) },
      maxRedirects: 0,
    });
  for (const path of ["/sign-in", "/api/demo/sign-in", "/api/auth/callback/email", "/invoices", "/"]) expect((await post(path)).status(), path).toBe(413);
  // The attachment pages: refused anonymously and with an invented cookie, let through signed in.
  expect((await post("/disputes/new")).status()).toBe(413);
  expect((await post("/disputes/new", randomBytes(24).toString("hex"))).status()).toBe(413);
  expect((await post("/disputes/new", await sessionToken(CUSTOMER))).status()).not.toBe(413);
  // A webhook delivery is capped by its own route.
  expect((await post("/api/stripe/webhook")).status()).toBe(413);

  // A body of undeclared length (chunked) is refused where no attachment is taken.
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: port(), method: "POST", path: "/api/demo/sign-in", headers: { "content-type": "text/plain", "transfer-encoding": "chunked" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.write("email=alice%40example.com");
    req.end();
  });
  expect(status).toBe(411);
});

test("the per-IP sign-in limit counts the socket address, whatever X-Forwarded-For says", async ({ browser }) => {
  // Start from a clean per-IP budget and leave one behind: other specs request links too.
  const reset = () => withDb((c) => c.query(`DELETE FROM "RateLimit" WHERE key LIKE 'signin_ip:%'`));
  await reset();
  const context = await browser.newContext({ baseURL: `http://localhost:${port()}` });
  const page = await context.newPage();
  try {
    for (let i = 0; i <= 20; i++) {
      // A different forged address and a different email every time: only the socket can tie them.
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` });
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(`nobody-${tag}-${i}@example.com`);
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      if (i < 20) await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
      else await expect(page.getByText(/Too many sign-in requests/)).toBeVisible();
    }
  } finally {
    await context.close();
    await reset();
  }
});

test("an https public URL adds Strict-Transport-Security and upgrade-insecure-requests", async () => {
  const listen = await freePort();
  const server = startServer(listen, { NEXTAUTH_URL: "https://billing.example.test" });
  try {
    let res: Response | undefined;
    await expect
      .poll(
        async () => {
          res = await fetch(`http://127.0.0.1:${listen}/sign-in`).catch(() => undefined);
          return res?.status;
        },
        { timeout: 60_000 },
      )
      .toBe(200);
    expect(res!.headers.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(res!.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  } finally {
    await server.stop();
  }
});

test("demo mode against a non-local Stripe refuses to start, with a message that says why", async () => {
  const listen = await freePort();
  const server = startServer(listen, { SETTLE_DEMO: "1", STRIPE_API_BASE: "https://api.stripe.com", NEXTAUTH_URL: `http://localhost:${listen}` });
  try {
    const code = await Promise.race([server.exited, new Promise<"running">((r) => setTimeout(() => r("running"), 60_000))]);
    expect(code).toBe(1);
    expect(server.output()).toContain("SETTLE_DEMO is only allowed against the local Stripe emulator");
  } finally {
    await server.stop();
  }
});
