import { getSyncHealth } from "@/features/stripe-sync/get-sync-health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await getSyncHealth();
  return Response.json(health, { status: health.database === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
