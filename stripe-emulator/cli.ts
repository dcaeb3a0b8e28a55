// CLI: `serve` runs the emulator; the other commands talk to a running one over /_emulator.
import { readFileSync, writeFileSync } from "node:fs";
import { startEmulator } from "./index";
import { parseRateLimits } from "./src/rate-limits";

const USAGE = `usage: tsx stripe-emulator/cli.ts <command>
  serve [--port 12111] [--host 127.0.0.1] [--webhook-url URL] [--webhook-secret whsec_…] [--seed N]
        [--retry-base-ms N] [--duplicate-rate R] [--shuffle] [--delivery-delay-ms N] [--drop-rate R]
        [--rate-429 R] [--rate-500 R] [--slow-ms N] [--rate-limits live|sandbox|off]
        Stripe's API limiters are on with the live-mode figures unless --rate-limits says otherwise.
  reset | snapshot FILE | restore FILE | clock ADVANCE_SECONDS | faults --drop-rate R … | flush
  rate-limits live|sandbox|off   (the limiters of a running emulator; GET /_emulator/rate-limits shows counts)
  scenario --seed N …            (see stripe-emulator/scenario)
Commands other than serve use --url or STRIPE_API_BASE (default http://127.0.0.1:12111).`;

function flags(argv: string[]): { pos: string[]; f: Record<string, string> } {
  const pos: string[] = [];
  const f: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      pos.push(a);
      continue;
    }
    const [k, inline] = a.includes("=") ? [a.slice(2, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a.slice(2), undefined];
    if (inline !== undefined) f[k] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) f[k] = argv[++i];
    else f[k] = "true";
  }
  return { pos, f };
}

const FAULT_FLAGS: Record<string, string> = {
  "duplicate-rate": "duplicateRate",
  shuffle: "shuffle",
  "delivery-delay-ms": "deliveryDelayMs",
  "drop-rate": "dropRate",
  "rate-429": "rate429",
  "rate-500": "rate500",
  "slow-ms": "slowMs",
};

function faultsFrom(f: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [flag, key] of Object.entries(FAULT_FLAGS)) if (f[flag] !== undefined) out[key] = f[flag];
  return out;
}

async function controlCall(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "scenario") {
    const mod = await import(/* @vite-ignore */ new URL("./scenario/index.ts", import.meta.url).href);
    return mod.runScenarioCommand(rest);
  }
  const { pos, f } = flags(rest);
  const base = (f.url ?? process.env.STRIPE_API_BASE ?? "http://127.0.0.1:12111").replace(/\/$/, "");
  switch (cmd) {
    case "serve": {
      const run = await startEmulator({
        port: Number(f.port ?? process.env.STRIPE_EMULATOR_PORT ?? 12111),
        host: f.host,
        webhookUrl: f["webhook-url"],
        webhookSecret: f["webhook-secret"],
        seed: f.seed !== undefined ? Number(f.seed) : undefined,
        retryBaseMs: f["retry-base-ms"] !== undefined ? Number(f["retry-base-ms"]) : undefined,
        rateLimits: parseRateLimits(f["rate-limits"] ?? "live"),
      });
      const faults = faultsFrom(f);
      if (Object.keys(faults).length) run.emulator.webhooks.setFaults(faults);
      const limits = run.emulator.limiter.settings;
      console.log(`stripe emulator listening on ${run.url} (webhooks → ${run.emulator.webhooks.url ?? "endpoints only"})`);
      console.log(
        limits.globalPerSecond
          ? `API limits: ${limits.globalPerSecond} req/s per account, ${limits.endpointPerSecond} req/s per endpoint, ${limits.concurrency} in flight (--rate-limits off to lift)`
          : "API limits: off",
      );
      const stop = () => void run.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      return new Promise<number>(() => undefined);
    }
    case "reset":
      console.log(JSON.stringify(await controlCall(base, "POST", "reset")));
      return 0;
    case "snapshot": {
      if (!pos[0]) throw new Error("snapshot FILE");
      writeFileSync(pos[0], JSON.stringify(await controlCall(base, "GET", "snapshot")));
      console.log(`snapshot written to ${pos[0]}`);
      return 0;
    }
    case "restore": {
      if (!pos[0]) throw new Error("restore FILE");
      console.log(JSON.stringify(await controlCall(base, "POST", "restore", JSON.parse(readFileSync(pos[0], "utf8")))));
      return 0;
    }
    case "clock":
      console.log(JSON.stringify(await controlCall(base, "POST", "clock/advance", { seconds: Number(pos[0] ?? 0) })));
      return 0;
    case "faults":
      console.log(JSON.stringify(await controlCall(base, "POST", "faults", faultsFrom(f))));
      return 0;
    case "rate-limits":
      console.log(JSON.stringify(await controlCall(base, "POST", "rate-limits", { preset: pos[0] ?? "live" })));
      return 0;
    case "flush":
      console.log(JSON.stringify(await controlCall(base, "POST", "webhooks/flush")));
      return 0;
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
