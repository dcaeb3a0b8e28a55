// npm run db:deploy — applies the committed migrations: on Postgres (DATABASE_URL) with
// `prisma migrate deploy`; on the embedded PGlite database (.data/pglite, PGLITE_DIR) itself.
//
// Why not the Prisma CLI on PGlite: the CLI calls prisma.config's adapter() twice (once only to
// print the datasource line), so two PGlite instances opened one folder, and it never disposes
// the adapter, so neither was closed: it lingered ~10 s and then exited with PGlite's files not
// closed cleanly. The next open of that folder could abort ("Aborted()"), which the demo took
// for a killed run and set aside. Here one PGlite instance applies each migration and records
// it in `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, sha-256
// checksum of migration.sql), in one transaction, and is closed before the process ends; the
// Prisma CLI (`migrate status`, `migrate deploy`) reads the result as its own.
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const MIGRATIONS = path.join("prisma", "migrations");

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

function committedMigrations(): Migration[] {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(MIGRATIONS, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own bookkeeping table, column for column (prisma migrate deploy creates the same).
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type PG = import("@electric-sql/pglite").PGlite;

async function appliedNames(db: PG): Promise<Set<string>> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
  if (!exists.rows[0]?.t) return new Set();
  const done = await db.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  return new Set(done.rows.map((r) => r.migration_name));
}

async function withEmbedded<T>(dir: string, fn: (db: PG) => Promise<T>): Promise<T> {
  const { PGlite } = await import("@electric-sql/pglite");
  mkdirSync(dir, { recursive: true });
  const db = new PGlite(dir);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Migrations not yet applied to the embedded database (every one when it is new). */
export async function pendingEmbeddedMigrations(dir: string): Promise<string[]> {
  const all = committedMigrations();
  if (!existsSync(path.join(dir, "PG_VERSION"))) return all.map((m) => m.name);
  const applied = await withEmbedded(dir, appliedNames);
  return all.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies every pending migration to the embedded database, each one atomically with its
 * `_prisma_migrations` row (a failed migration leaves neither behind). Returns the names applied.
 */
export async function applyEmbeddedMigrations(dir: string): Promise<string[]> {
  return withEmbedded(dir, async (db) => {
    await db.exec(MIGRATIONS_TABLE);
    const applied = await appliedNames(db);
    const done: string[] = [];
    for (const m of committedMigrations()) {
      if (applied.has(m.name)) continue;
      try {
        await db.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
        });
      } catch (error) {
        throw new Error(`migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      done.push(m.name);
    }
    return done;
  });
}

function runPrismaDeploy(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...env, CHECKPOINT_DISABLE: "1" },
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Applies pending migrations; returns how many were applied (PGlite) or -1 (Postgres). */
export async function deployMigrations(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (env.DATABASE_URL) {
    await runPrismaDeploy(env);
    return -1;
  }
  const dir = env.PGLITE_DIR ?? path.join(".data", "pglite");
  const applied = await applyEmbeddedMigrations(dir);
  if (applied.length === 0) console.log(`No pending migrations to apply (embedded database ${dir}).`);
  else console.log(`${applied.length} migrations successfully applied to the embedded database ${dir} (last: ${applied.at(-1)}).`);
  return applied.length;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  deployMigrations().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
