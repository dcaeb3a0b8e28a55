// The embedded default must work on its own: migrations applied to a fresh PGlite database,
// then a production server on it serves the sign-in page and reports a healthy database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const PORT = 3199;
let dir: string;
let server: ChildProcess | undefined;

function embeddedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _omit, ...rest } = process.env;
  return {
    ...rest,
    NODE_ENV: "production",
    PGLITE_DIR: path.join(dir, "pglite"),
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    NEXTAUTH_SECRET: "pglite-smoke-secret-not-for-production",
    SETTLE_IN_PROCESS_WORKER: "0",
    SETTLE_DEMO: "0",
    LOG_LEVEL: "warn",
    // Prisma's update check would try the internet, which this machine cannot reach.
    CHECKPOINT_DISABLE: "1",
  };
}

test.describe("embedded database (PGlite)", () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async () => {
    // describe.configure sets the tests' timeout, not the hooks': a hook sets its own.
    // Applying every migration to a fresh PGlite takes 20-40 s on a busy 2-core machine.
    test.setTimeout(180_000);
    dir = mkdtempSync(path.join(tmpdir(), "settle-pglite-smoke-"));
    const migrate = spawnSync("npm", ["run", "--silent", "db:deploy"], { env: embeddedEnv(), encoding: "utf8" });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/successfully applied/);
    // A second deploy finds nothing pending and returns (the Prisma CLI alone can stay alive).
    const again = spawnSync("npm", ["run", "--silent", "db:deploy"], { env: embeddedEnv(), encoding: "utf8", timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/No pending migrations/);
    // Its own process group: npx does not pass SIGTERM on to the next-server it starts.
    server = spawn("npx", ["next", "start", "-p", String(PORT)], { env: embeddedEnv(), stdio: "ignore", detached: true });
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).status < 500) break;
      } catch {
        // still starting
      }
      if (Date.now() > until) throw new Error("the embedded server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      process.kill(-server.pid!, "SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("applies the migrations and serves pages", async ({ page, request }) => {
    const health = await request.get(`http://127.0.0.1:${PORT}/api/health`);
    expect(health.status()).toBe(200);
    expect((await health.json()).database).toBe("ok");
    await page.goto(`http://localhost:${PORT}/sign-in`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("input[type=email]")).toBeVisible();
  });
});
