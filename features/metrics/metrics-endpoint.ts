import "server-only";
import { getDb } from "@/lib/db";
import { scrapeAccess, scrapeMetrics } from "./scrape-metrics";

/**
 * GET /api/metrics as a Request → Response function: the route's edge, where the database is
 * taken (the route file only calls it; app/ never imports the database). 404 unless
 * METRICS_TOKEN is set.
 */
export async function handleMetricsRequest(request: Request): Promise<Response> {
  const access = scrapeAccess(request.headers.get("authorization"));
  if (access === "disabled") return new Response("Not found", { status: 404 });
  if (access === "unauthorized") return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const { contentType, body } = await scrapeMetrics(await getDb());
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
