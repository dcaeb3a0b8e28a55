import "server-only";
import { timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db";
import { env, isDemo } from "@/lib/env";
import { demoContractsSchema, loadDemoContracts } from "./demo-contracts";

const notFound = () => new Response("Not found", { status: 404 });

function sameSecret(header: string | null, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(`Bearer ${secret}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /api/demo/contracts as a Request → Response function (the route's edge, where the database
 * is taken). Demo only: `npm run demo` sends its scenario's contracts once the history is synced
 * (the embedded database belongs to this process, so the script cannot write them itself). It
 * proves itself with the demo's NEXTAUTH_SECRET, which only the script and this server know.
 */
export async function handleDemoContractsRequest(request: Request): Promise<Response> {
  if (!isDemo() || !sameSecret(request.headers.get("authorization"), env().NEXTAUTH_SECRET)) return notFound();
  const parsed = demoContractsSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: { code: "validation", message: "Not a scenario's contracts." } }, { status: 400 });
  const { tariffs, discounts, differences, sweep } = await loadDemoContracts(await getDb(), parsed.data);
  return Response.json({ tariffs, discounts, differences, findings: sweep.findings, byRule: sweep.byRule });
}
