// npm run demo — the whole product on one machine, nothing else to install:
// the embedded database (PGlite under .data/), the local Stripe emulator with a realistic
// billing history, a local mail catcher for magic links, demo users, and the portal on :3000.
// npm run dev — the same, with `next dev` (hot reload) instead of a production build.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { demoUsers } from "../features/auth/demo-users";
import { readyBanner } from "./demo-banner";

const started = Date.now();
const DEV = process.argv.includes("--dev");
const PORT = Number(process.env.PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const SMTP_PORT = Number(process.env.MAIL_SMTP_PORT ?? 1025);
const MAIL_HTTP_PORT = Number(process.env.MAIL_HTTP_PORT ?? 1080);

function log(msg: string) {
  console.log(`[${DEV ? "dev" : "demo"} ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
}

function demoSecret(): string {
  mkdirSync(".data", { recursive: true });
  const file = path.join(".data", "demo-nextauth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const webhookSecret = "whsec_" + "settle_demo_local_only";
const demoEnv: Record<string, string> = {
  NODE_ENV: DEV ? "development" : "production",
  NEXT_TELEMETRY_DISABLED: "1",
  // Prisma's update check tries the internet; offline it only slows the CLI down.
  CHECKPOINT_DISABLE: "1",
  SETTLE_DEMO: "1",
  PORT: String(PORT),
  NEXTAUTH_URL: `http://localhost:${PORT}`,
  NEXTAUTH_SECRET: demoSecret(),
  STRIPE_API_BASE: `http://127.0.0.1:${EMULATOR_PORT}`,
  STRIPE_SECRET_KEY: "sk_test_settle_demo",
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  MAIL_CATCHER_URL: `http://127.0.0.1:${MAIL_HTTP_PORT}`,
  EMAIL_FROM: "Settle demo <billing@settle.local>",
  // The demo's console is read by a person trying the product: the portal's info logs (one
  // JSON line per client, worker and sweep) are for operators. LOG_LEVEL=info brings them back.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
// The demo always runs on the embedded database.
delete process.env.DATABASE_URL;
Object.assign(process.env, demoEnv);

/** Runs a step quietly (its banner and progress are for developers): its output only if it fails. */
function runQuiet(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    throw new Error(`${cmd} ${args.join(" ")} failed`);
  }
}

/**
 * PGlite cannot always reopen a data folder after its process was killed (SIGKILL, power loss):
 * it aborts at start-up. The demo's billing data comes back from the emulator on every start,
 * so the demo moves such a folder aside (kept, never deleted) and starts on a fresh one. A
 * fresh folder never gets here: db:deploy opens it once and closes it cleanly.
 */
function applyMigrationsOrSetAside() {
  const dir = path.join(".data", "pglite");
  // A child process: PGlite's abort on an unreadable folder ends the process that opened it.
  const deploy = () => spawnSync("npm", ["run", "--silent", "db:deploy"], { stdio: "inherit", env: process.env });
  if (deploy().status === 0) return;
  if (!existsSync(dir)) throw new Error("npm run db:deploy failed");
  const aside = path.join(".data", `pglite-unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  renameSync(dir, aside);
  log(`the embedded database could not be opened (an earlier run was killed?): kept it as ${aside}, starting a fresh one`);
  if (deploy().status !== 0) throw new Error("npm run db:deploy failed");
}

function buildIsStale(): boolean {
  const id = path.join(".next", "BUILD_ID");
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const newest = spawnSync("git", ["log", "-1", "--format=%ct"], { encoding: "utf8" }).stdout.trim();
  return Number(newest) * 1000 > built;
}

async function waitFor(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

/** Waits until the portal has applied every delivered webhook (the inbox backlog is empty). */
async function waitForSync(healthUrl: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const health = (await (await fetch(healthUrl)).json()) as { backlog?: number; failedEvents?: number };
    if (health.backlog === 0) {
      if (health.failedEvents) log(`${health.failedEvents} events failed to sync: see /desk/sync`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log("the portal is still syncing the demo data; it will appear shortly");
}

/**
 * The scenario's contracts (alice's 10 seats, the contracted prices and discounts) into Settle,
 * a reconciliation with the emulator (the history's lost webhooks show as differences), then a
 * full audit sweep: the contract rules then find what the history bills against them.
 * The server owns the embedded database, so it loads them (a demo-only endpoint).
 */
async function loadContracts(manifest: { contracts: unknown[]; customer_discounts: unknown[] }) {
  const res = await fetch(`http://127.0.0.1:${PORT}/api/demo/contracts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.NEXTAUTH_SECRET}` },
    body: JSON.stringify({ contracts: manifest.contracts, customer_discounts: manifest.customer_discounts }),
  });
  if (!res.ok) {
    log(`the demo's contracts could not be loaded (${res.status}); the contract rules will find nothing`);
    return;
  }
  const done = (await res.json()) as { tariffs: number; differences: number | null; findings: number };
  const reconciled =
    done.differences === null
      ? "the reconciliation with Stripe failed (see /desk/sync/reconciliation)"
      : `reconciled with Stripe (${done.differences} differences)`;
  log(`contracts loaded (${done.tariffs} new tariffs), ${reconciled}; the billing audit found ${done.findings} problems (Findings, on the desk)`);
}

/** A clear message instead of a half-started demo when another program holds a port. */
async function assertPortsFree(ports: Record<string, number>) {
  for (const [name, port] of Object.entries(ports)) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} (${name}) is in use: stop what holds it, or pick another with ${name}=…`);
  }
}

/**
 * What Ctrl-C must stop, filled in as each part starts. The portal runs in its own process group
 * (the terminal's Ctrl-C does not reach it): the handlers are installed as soon as it is spawned,
 * not once the demo is ready, or a Ctrl-C while the history is generated left it running.
 */
const running: { web?: ReturnType<typeof spawn>; closers: Array<() => Promise<unknown>>; stopping: boolean } = { closers: [], stopping: false };

async function stop(exitCode: number) {
  if (running.stopping) return;
  running.stopping = true;
  if (running.web?.pid) {
    try {
      process.kill(-running.web.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await Promise.allSettled(running.closers.map((close) => close()));
  process.exit(exitCode);
}

async function main() {
  await assertPortsFree({ PORT, STRIPE_EMULATOR_PORT: EMULATOR_PORT, MAIL_SMTP_PORT: SMTP_PORT, MAIL_HTTP_PORT });
  log("applying migrations to the embedded database (.data/pglite)");
  applyMigrationsOrSetAside();

  log("seeding demo users");
  const { getDb, closeDb } = await import("../lib/db");
  const { seedDemoUsers } = await import("../prisma/seed/users");
  await seedDemoUsers(await getDb());
  // PGlite is single-process: release it before the web server opens it.
  await closeDb();

  log("starting the mail catcher");
  const { startMailCatcher } = await import("../features/notifications/mail-catcher");
  const mail = await startMailCatcher({ smtpPort: SMTP_PORT, httpPort: MAIL_HTTP_PORT });
  running.closers.push(() => mail.close());

  log("starting the Stripe emulator");
  const { startEmulator } = await import("../stripe-emulator/index");
  const stripe = await startEmulator({
    port: EMULATOR_PORT,
    webhookUrl: `http://127.0.0.1:${PORT}/api/stripe/webhook`,
    webhookSecret,
  });
  running.closers.push(() => stripe.close());

  if (!DEV && buildIsStale()) {
    log("building the portal (on the first run and after an update; a few minutes)");
    runQuiet("npx", ["next", "build"]);
  }

  log(DEV ? "starting the portal with next dev (hot reload; pages compile on first visit)" : "starting the portal");
  // Its own process group, stopped as a whole: npx does not pass SIGTERM on to next-server.
  const web = spawn("npx", ["next", DEV ? "dev" : "start", "-p", String(PORT)], { stdio: "inherit", env: process.env, detached: true });
  running.web = web;
  // From here on Ctrl-C must stop the portal too (before, the default ends this process, and the
  // terminal's Ctrl-C reaches the migration and build steps itself, as they share its group).
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  web.once("exit", (code) => {
    // only news when it was not this script that stopped it
    if (running.stopping) return;
    log(`the portal exited (${code})`);
    void stop(code ?? 1);
  });
  // next dev compiles the health route on its first request.
  await waitFor(`http://127.0.0.1:${PORT}/api/health`, DEV ? 180_000 : 60_000);

  log("generating the demo billing history in the emulator (synced to Settle by webhook)");
  const { seedDemoScenario } = await import("../stripe-emulator/scenario/index");
  // The history ends in the past and the emulator's clock then runs with real time, so what
  // happens during the demo (a credit note, a refund) is dated today, as are the disputes and
  // audit entries Settle records: one calendar for both. Seven months back leaves room for the
  // scenario's late events (chargebacks close ~6 weeks after their invoice) before today.
  const today = new Date();
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 7, 1) / 1000;
  const manifest = seedDemoScenario(stripe.emulator, { deliverWebhooks: true, start });
  stripe.emulator.clock.followRealTime();
  await stripe.emulator.webhooks.flush();
  await waitForSync(`http://127.0.0.1:${PORT}/api/health`, 180_000);
  // Then a payment whose webhooks never arrive (an instalment paid while the endpoint was
  // down): the reconciliation below and the billing audit find Settle behind Stripe.
  const { payLostInstalment, seedDemoSubscriptions } = await import("../stripe-emulator/scenario/index");
  payLostInstalment(stripe.emulator, manifest);
  // Bob's subscriptions (the portal's Subscriptions page), unless the history made some, and
  // his contract for their seats: tiered, as the seat price (the desk's tariff page shows its tiers).
  const subs = seedDemoSubscriptions(stripe.emulator, manifest);
  await loadContracts({ ...manifest, contracts: [...manifest.contracts, ...(subs ? [subs.seatsContract] : [])] });

  log(`ready (cold start ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  // Who to sign in as, from the same list the sign-in picker and the seed use (never a copy).
  console.log(readyBanner({ port: PORT, emulatorPort: EMULATOR_PORT, people: demoUsers }));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  // a start-up step failed after the portal was spawned: stop it too, never leave it running
  void stop(1);
});
