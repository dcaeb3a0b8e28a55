import { handleWebhookRequest } from "@/features/stripe-sync/intake/webhook-endpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin: the handler (raw body read with a cap, then the signed intake) lives in the feature.
export async function POST(request: Request): Promise<Response> {
  return handleWebhookRequest(request);
}
