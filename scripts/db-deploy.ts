// npm run db:deploy — applies the committed migrations with `prisma migrate deploy`, on
// Postgres (DATABASE_URL) or on the embedded PGlite database (.data/pglite, PGLITE_DIR).
//
// On PGlite the Prisma CLI stays alive when nothing is pending: it never releases the adapter, and
// an open PGlite keeps the process running (prisma.config.ts closes PGlite when Prisma disposes
// the adapter, which it does after applying migrations). So for PGlite this script checks for
// pending migrations itself and returns at once when there are none; should the CLI still report
// its result and linger, it is stopped after a grace period, and the result is checked in the
// database itself.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const MIGRATIONS = path.join("prisma", "migrations");
const GRACE_MS = 15_000;

function committedMigrations(): string[] {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(MIGRATIONS, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** Migrations not yet applied to the embedded database (every one when it is new). */
export async function pendingEmbeddedMigrations(dir: string): Promise<string[]> {
  const all = committedMigrations();
  if (!existsSync(path.join(dir, "PG_VERSION"))) return all;
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(dir);
  try {
    const exists = await db.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!exists.rows[0]?.t) return all;
    const done = await db.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    return all.filter((name) => !applied.has(name));
  } finally {
    await db.close();
  }
}

function runPrismaDeploy(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...env, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let grace: NodeJS.Timeout | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      out += chunk.toString();
      if (!grace && /No pending migrations|successfully applied/.test(out)) {
        grace = setTimeout(() => child.kill("SIGTERM"), GRACE_MS);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (grace) clearTimeout(grace);
      if (code === 0 || (signal === "SIGTERM" && /No pending migrations|successfully applied/.test(out))) resolve();
      else reject(new Error(`prisma migrate deploy failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Applies pending migrations; returns how many were pending (PGlite) or -1 (Postgres). */
export async function deployMigrations(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (env.DATABASE_URL) {
    await runPrismaDeploy(env);
    return -1;
  }
  const dir = env.PGLITE_DIR ?? path.join(".data", "pglite");
  mkdirSync(dir, { recursive: true });
  const pending = await pendingEmbeddedMigrations(dir);
  if (pending.length === 0) {
    console.log(`No pending migrations to apply (embedded database ${dir}).`);
    return 0;
  }
  await runPrismaDeploy(env);
  // Proof, not trust: the migrations must now be recorded in the database itself.
  const left = await pendingEmbeddedMigrations(dir);
  if (left.length > 0) throw new Error(`prisma migrate deploy reported success but ${left.length} migrations are not recorded (${left[0]}…)`);
  return pending.length;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  deployMigrations().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
