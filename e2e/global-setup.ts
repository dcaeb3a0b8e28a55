// Fresh Postgres database for the run (migrated, demo users seeded) and the SMTP catcher.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { startMailCatcher } from "../features/notifications/mail-catcher";

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

  return async () => {
    await catcher.close();
    if (process.env.E2E_DROP_DATABASE === "1") {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  };
}
