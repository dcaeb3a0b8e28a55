import { writeFileSync } from "node:fs";
import type { MonthEndManifest } from "./month-end";
import type { ScenarioManifest } from "./types";

export const DEFAULT_URL = "http://127.0.0.1:12111";

export interface ScenarioCommand {
  url: string;
  out: string | null;
  body: {
    kind?: "month-end";
    windowSeconds?: number;
    seed: number;
    invoices?: number;
    customers?: number;
    months?: number;
    injectErrors: boolean;
    demo?: boolean;
    pruneEvents?: boolean;
  };
}

const USAGE = `usage: stripe:scenario [--seed N] [--invoices N | --customers N] [--months N] [--no-errors] [--demo]
                       [--prune-events] [--url http://127.0.0.1:12111] [--out manifest.json]
       stripe:scenario month-end [--invoices N] [--window-seconds S] [--seed N] [--url …] [--out …]
Runs the deterministic scenario generator inside a running emulator (POST /_emulator/scenario)
and writes the manifest (contracts, injected errors) to --out, or prints a summary.
--prune-events forgets events older than 30 days as the clock advances, as Stripe does (large runs).
month-end: N renewals within S seconds (default 1000 in 600 s) at the start of next month, their
webhooks delivered to the emulator's endpoint with its retries (scenario/month-end.ts).`;

export function parseScenarioArgs(argv: string[], env: Record<string, string | undefined> = process.env): ScenarioCommand {
  const body: ScenarioCommand["body"] = { seed: 1, injectErrors: true };
  let url = env.STRIPE_API_BASE || DEFAULT_URL;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const int = (): number => {
      const v = value();
      if (!/^-?\d+$/.test(v)) throw new Error(`${flag} must be an integer, got ${v}`);
      return Number(v);
    };
    if (a === "month-end" && i === 0) body.kind = "month-end";
    else if (flag === "--window-seconds") body.windowSeconds = int();
    else if (flag === "--seed") body.seed = int();
    else if (flag === "--invoices") body.invoices = int();
    else if (flag === "--customers") body.customers = int();
    else if (flag === "--months") body.months = int();
    else if (flag === "--no-errors") body.injectErrors = false;
    else if (flag === "--demo") body.demo = true;
    else if (flag === "--prune-events") body.pruneEvents = true;
    else if (flag === "--url") url = value();
    else if (flag === "--out") out = value();
    else if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return { url: url.replace(/\/+$/, ""), out, body };
}

/** `stripe:scenario …`: asks a running emulator to generate, then saves the manifest. Returns the exit code. */
export async function runScenarioCommand(argv: string[]): Promise<number> {
  let cmd: ScenarioCommand;
  try {
    cmd = parseScenarioArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(`${cmd.url}/_emulator/scenario`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk_test_emulator" },
      body: JSON.stringify(cmd.body),
    });
  } catch (e) {
    console.error(`cannot reach the emulator at ${cmd.url} (${(e as Error).message}); start it with npm run stripe:emulator`);
    return 1;
  }
  const text = await res.text();
  if (!res.ok) {
    console.error(`emulator answered ${res.status}: ${text.slice(0, 2000)}`);
    return 1;
  }
  const parsed = JSON.parse(text) as ScenarioManifest | MonthEndManifest | { manifest: ScenarioManifest };
  const manifest = "manifest" in parsed ? parsed.manifest : parsed;
  if (cmd.out) writeFileSync(cmd.out, JSON.stringify(manifest, null, 2) + "\n");
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if ("kind" in manifest) {
    const events = Object.values(manifest.events).reduce((s, x) => s + x, 0);
    console.log(
      `month-end seed=${manifest.seed}: ${manifest.invoices} renewals (${manifest.paid} paid, ${manifest.declined} declined), ${events} events in ${secs}s` +
        (cmd.out ? ` → ${cmd.out}` : ""),
    );
    return 0;
  }
  console.log(
    `scenario seed=${manifest.seed}: ${manifest.invoices} invoices, ${manifest.customers.length} customers, ` +
      `${manifest.injected.length} injected errors in ${secs}s` +
      (cmd.out ? ` → ${cmd.out}` : ""),
  );
  return 0;
}
