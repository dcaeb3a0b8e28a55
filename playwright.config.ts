// End-to-end tests against a production build: run `npx next build` first, then
// `npx playwright test`. The global setup creates and migrates a fresh Postgres database,
// seeds the demo users and starts the SMTP catcher the server sends its mail to.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Ports are overridable so two runs (two engineers, or CI next to a demo) do not collide.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Decided once in the runner process; workers inherit it through the environment.
if (!process.env.E2E_DATABASE_URL) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/settle_e2e_${process.pid}_${randomBytes(3).toString("hex")}`;
  process.env.E2E_DATABASE_URL = url.toString();
  process.env.E2E_DROP_DATABASE = "1";
}
process.env.E2E_SMTP_PORT ??= "2525";
process.env.E2E_MAIL_HTTP_PORT ??= "2580";
// The Stripe emulator runs in the runner process (e2e/global-setup.ts) and delivers its
// webhooks to the app, signed with this secret; the app's processor projects them.
// E2E_STRIPE_API_BASE (if given) and E2E_STRIPE_PORT always name the same emulator: the app,
// the global setup and the specs all talk to it.
process.env.E2E_STRIPE_PORT ??= process.env.E2E_STRIPE_API_BASE ? new URL(process.env.E2E_STRIPE_API_BASE).port : "12911";
process.env.E2E_STRIPE_API_BASE ??= `http://127.0.0.1:${process.env.E2E_STRIPE_PORT}`;
process.env.E2E_STRIPE_WEBHOOK_SECRET ??= "whsec_" + "settle_e2e_local_only";
process.env.E2E_STRIPE_SECRET_KEY ??= "sk_test_settle_e2e";

const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `npx next start -p ${PORT}`,
    // Playwright starts the server before the global setup has created the database, so the
    // readiness probe must not touch it: next-auth's CSRF endpoint does not.
    url: `http://localhost:${PORT}/api/auth/csrf`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      SETTLE_DEMO: "1",
      // Demo mode in production requires the local Stripe emulator's address (lib/env).
      STRIPE_API_BASE: process.env.E2E_STRIPE_API_BASE,
      STRIPE_SECRET_KEY: process.env.E2E_STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: process.env.E2E_STRIPE_WEBHOOK_SECRET,
      // The event processor, the outbox drainer and correction recovery run in the web process
      // (webhooks from the emulator are projected, emails sent); no scheduled audit sweeps.
      SETTLE_IN_PROCESS_WORKER: "1",
      SETTLE_AUDIT_EVERY_MINUTES: "0",
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      MAIL_CATCHER_URL: `http://127.0.0.1:${process.env.E2E_MAIL_HTTP_PORT}`,
      EMAIL_FROM: "Settle <billing@settle.test>",
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      NEXTAUTH_SECRET: "e2e-test-secret-not-for-production-use",
      METRICS_TOKEN: "e2e-metrics-token-not-for-production",
      LOG_LEVEL: "warn",
    },
  },
});
