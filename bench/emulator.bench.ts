// Scenario generation benchmark: N invoices (default 100,000) generated in-process through the
// emulator's API dispatcher, every event recorded. Target: 100,000 in < 60 s (2 cores, Node 20).
// Bounded: the synchronous generation runs in a child process killed after --max-seconds.
// Events past Stripe's 30-day retention are pruned as the clock advances (pruneEvents), as
// Stripe does; --keep-events keeps every recorded event instead (~4.5 GB heap at 100k).
// Usage: npm run bench:emulator -- [--invoices 100000] [--months 12] [--seed 1] [--max-seconds 300] [--keep-events]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Emulator } from "../stripe-emulator/src/emulator";
import { generateScenario } from "../stripe-emulator/scenario";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const invoices = arg("invoices", 100_000);
const months = arg("months", 12);
const seed = arg("seed", 1);
const maxSeconds = arg("max-seconds", 300);
const pruneEvents = !process.argv.includes("--keep-events");

if (process.argv.includes("--child")) {
  const em = new Emulator({ seed: 1 });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  // Progress on stderr, so a run cut short by the bound still shows how far it got.
  const manifest = generateScenario(em, {
    seed,
    invoices,
    months,
    pruneEvents,
    onProgress: (n) =>
      process.stderr.write(`${n} invoices: ${((performance.now() - t0) / 1000).toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`),
  });
  const seconds = (performance.now() - t0) / 1000;
  // CPU time as well: on a shared machine wall time mostly measures the neighbours.
  const cpu = process.cpuUsage(c0);
  const mem = process.memoryUsage();
  let eventBytes = 0;
  for (const e of em.store.c.events.items.values()) eventBytes += String(e.data_raw ?? "").length;
  const result = {
    invoices: manifest.invoices,
    customers: manifest.customers.length,
    months,
    prune_events: pruneEvents,
    injected: manifest.injected.length,
    events: em.store.c.events.size,
    event_mb: Math.round(eventBytes / 1e6),
    seconds: Number(seconds.toFixed(2)),
    cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    invoices_per_second: Math.round(manifest.invoices / seconds),
    heap_mb: Math.round(mem.heapUsed / 1e6),
    rss_mb: Math.round(mem.rss / 1e6),
  };
  console.log(JSON.stringify(result));
} else {
  // Every event keeps a JSON snapshot of its object (~3 KB, ~12 per invoice): with
  // --keep-events 100,000 invoices hold 3.4 GB of JSON text, beyond Node's default heap.
  const heapMb = arg("heap-mb", pruneEvents ? 4_000 : 14_000);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${heapMb}`, fileURLToPath(import.meta.url), "--child", ...process.argv.slice(2)],
    { encoding: "utf8", timeout: maxSeconds * 1000, killSignal: "SIGKILL" },
  );
  if (child.error || child.status !== 0) {
    const why = child.signal ? `killed by ${child.signal} (bound: ${maxSeconds} s)` : `exit ${child.status}`;
    console.error(`scenario bench failed: ${why}\n${(child.stderr ?? "").slice(-2000)}`);
    process.exit(1);
  }
  process.stderr.write(child.stderr ?? "");
  const r = JSON.parse(child.stdout.trim().split("\n").pop()!) as { invoices: number; seconds: number; invoices_per_second: number };
  console.log(JSON.stringify(r, null, 2));
  const target = 60 * (invoices / 100_000);
  const pass = r.seconds < target;
  console.log(`${r.invoices} invoices in ${r.seconds.toFixed(1)} s (${r.invoices_per_second}/s); target < ${target.toFixed(0)} s: ${pass ? "PASS" : "FAIL"}`);
  process.exitCode = pass ? 0 : 1;
}
