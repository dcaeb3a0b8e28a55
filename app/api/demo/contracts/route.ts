import { handleDemoContractsRequest } from "@/features/billing-audit/demo-contracts-endpoint";

export const dynamic = "force-dynamic";

// Thin: the demo's contracts upload (demo only, authenticated by the demo's secret) lives in the feature.
export async function POST(request: Request): Promise<Response> {
  return handleDemoContractsRequest(request);
}
