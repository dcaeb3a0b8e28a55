import { timingSafeEqual } from "node:crypto";
import { demoContractsSchema, loadDemoContracts } from "@/features/billing-audit/demo-contracts";
import { env, isDemo } from "@/lib/env";

export const dynamic = "force-dynamic";

const notFound = () => new Response("Not found", { status: 404 });

function sameSecret(header: string | null, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(`Bearer ${secret}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Demo only: `npm run demo` sends its scenario's contracts once the history is synced (the
// embedded database belongs to this process, so the script cannot write them itself). It
// proves itself with the demo's NEXTAUTH_SECRET, which only the script and this server know.
export async function POST(request: Request) {
  if (!isDemo() || !sameSecret(request.headers.get("authorization"), env().NEXTAUTH_SECRET)) return notFound();
  const parsed = demoContractsSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: { code: "validation", message: "Not a scenario's contracts." } }, { status: 400 });
  const { tariffs, discounts, differences, sweep } = await loadDemoContracts(parsed.data);
  return Response.json({ tariffs, discounts, differences, findings: sweep.findings, byRule: sweep.byRule });
}
