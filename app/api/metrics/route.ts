import { scrapeAccess, scrapeMetrics } from "@/features/metrics/scrape-metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Prometheus scrape endpoint (see README "Metrics"). 404 unless METRICS_TOKEN is set.
export async function GET(request: Request): Promise<Response> {
  const access = scrapeAccess(request.headers.get("authorization"));
  if (access === "disabled") return new Response("Not found", { status: 404 });
  if (access === "unauthorized") return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const { contentType, body } = await scrapeMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
