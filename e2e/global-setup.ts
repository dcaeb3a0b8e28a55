// Fresh Postgres database for the run (migrated, demo users seeded), the SMTP catcher and the
// Stripe emulator (in this runner process; its webhooks go to the app under test).
import { execFileSync } from "node:child_process";
import pg from "pg";
import { startMailCatcher } from "../features/notifications/mail-catcher";
import { startEmulator } from "../stripe-emulator/index";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function globalSetup() {
  const databaseUrl = process.env.E2E_DATABASE_URL!;
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/seed-demo-users.ts"], { env, stdio: "pipe" });

  const catcher = await startMailCatcher({ smtpPort: Number(process.env.E2E_SMTP_PORT), httpPort: Number(process.env.E2E_MAIL_HTTP_PORT) });
  const appPort = Number(process.env.E2E_PORT ?? 3100);
  const stripe = await startEmulator({
    port: Number(process.env.E2E_STRIPE_PORT),
    webhookUrl: `http://127.0.0.1:${appPort}/api/stripe/webhook`,
    webhookSecret: process.env.E2E_STRIPE_WEBHOOK_SECRET,
    // Deliveries that fail while the app is still starting are retried soon.
    retryBaseMs: 250,
  });

  return async () => {
    await Promise.all([catcher.close(), stripe.close()]);
    if (process.env.E2E_DROP_DATABASE === "1") {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  };
}
