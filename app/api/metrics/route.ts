import { handleMetricsRequest } from "@/features/metrics/metrics-endpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Prometheus scrape endpoint (see README "Metrics"). Thin: the handler lives in the feature.
export async function GET(request: Request): Promise<Response> {
  return handleMetricsRequest(request);
}
