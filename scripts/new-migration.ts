// npm run db:migration -- <name>
// Writes the next migration from the difference between the schema as it was at the last
// commit that touched prisma/migrations and the working prisma/schema.prisma. No database
// is needed (the JS engine diffs two datamodels).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
const lastMigrationCommit = git("log", "-1", "--format=%H", "--", "prisma/migrations");

const args = ["prisma", "migrate", "diff", "--to-schema-datamodel", "prisma/schema.prisma", "--script"];
if (lastMigrationCommit) {
  const old = path.join(mkdtempSync(path.join(tmpdir(), "settle-migration-")), "schema.prisma");
  writeFileSync(old, git("show", `${lastMigrationCommit}:prisma/schema.prisma`));
  args.push("--from-schema-datamodel", old);
} else {
  args.push("--from-empty");
}

// The JS engine still opens its adapter to diff two datamodels: give it a throw-away
// embedded database so the developer's data is never touched.
const { DATABASE_URL: _unused, ...rest } = process.env;
const sql = execFileSync("npx", args, {
  encoding: "utf8",
  env: { ...rest, PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "settle-diff-db-")) },
  stdio: ["ignore", "pipe", "inherit"],
});

if (!sql.trim() || /empty migration/i.test(sql)) {
  console.log("The schema has not changed since the last migration: nothing written.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, ""));
console.log(`Wrote ${dir}/migration.sql — review it, then apply with npm run db:deploy.`);
