// Prisma CLI configuration: the JavaScript schema engine through a driver adapter, so
// `prisma migrate deploy` needs no downloaded engine. DATABASE_URL set → Postgres;
// unset → the embedded PGlite database under .data/ (the same one lib/db opens).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig, type PrismaConfig } from "prisma/config";

type AdapterFactory = Awaited<ReturnType<Extract<PrismaConfig, { engine: "js" }>["adapter"]>>;
let embedded: import("@electric-sql/pglite").PGlite | undefined;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter(): Promise<AdapterFactory> {
    const url = process.env.DATABASE_URL;
    if (url) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      // adapter-pg runs a migration by splitting it on every ";", which breaks PL/pgSQL
      // bodies (the audit trigger). Postgres accepts a whole multi-statement script in one
      // simple-protocol query, which also makes each migration atomic.
      class PrismaPgWholeScripts extends PrismaPg {
        override async connect() {
          const adapter = await super.connect();
          adapter.executeScript = async (script: string) => {
            const pool = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
            try {
              await pool.query(script);
            } catch (error) {
              (adapter as unknown as { onError(e: unknown): never }).onError(error);
            }
          };
          return adapter;
        }
      }
      return new PrismaPgWholeScripts({ connectionString: url, max: 2 });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = process.env.PGLITE_DIR ?? path.join(".data", "pglite");
    mkdirSync(dir, { recursive: true });
    // The CLI calls adapter() more than once per command (once only to print the datasource
    // line): every call must share one PGlite, as two instances on one folder damage it.
    const pglite = (embedded ??= new PGlite(dir));
    const factory = new PrismaPGlite(pglite);
    // pglite-prisma-adapter starts a migration script without awaiting it (a failure would go
    // unnoticed and the migration be recorded as applied) and never closes PGlite (the CLI then
    // may not exit, and PGlite's files are not closed cleanly). Both fixed here.
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      adapter.executeScript = async (script: string) => {
        try {
          await pglite.exec(script);
        } catch (error) {
          (adapter as unknown as { onError(e: unknown): never }).onError(error);
        }
      };
      adapter.dispose = async () => {
        if (!pglite.closed) await pglite.close();
        // The CLI has finished once it disposes the adapter; should anything still hold the
        // process open, leave with the CLI's exit code (the timer never keeps it alive itself).
        setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
      };
      return adapter;
    };
    // Built against an older driver-adapter-utils: same runtime contract, other type identity.
    return factory as unknown as AdapterFactory;
  },
});
