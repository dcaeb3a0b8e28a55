// `npm run audit`: one full billing-audit sweep over every invoice (skipped when another
// instance is sweeping). Prints the findings per rule; exit code 0 either way.
import { closeDb, getDb } from "@/lib/db";
import { runSweepIfLeader } from "@/features/billing-audit/start-audit-schedule";

try {
  const r = await runSweepIfLeader(await getDb());
  if (!r) console.log("another instance is sweeping; nothing done");
  else console.log(JSON.stringify({ invoices: r.invoices, findings: r.findings, newFindings: r.created, byRule: r.byRule, ms: r.ms }));
} catch (error) {
  console.error(`audit failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
