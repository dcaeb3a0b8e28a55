import { handleWebhookRequest } from "@/features/stripe-sync/intake/webhook-endpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin: the handler (raw body read with a cap, then the signed intake) lives in the feature.
// Under `next start` Stripe's deliveries are answered before Next's router by the same intake
// (features/stripe-sync/intake/webhook-fast-path.ts); this route answers them when that is off
// (SETTLE_WEBHOOK_FAST_PATH=0).
export async function POST(request: Request): Promise<Response> {
  return handleWebhookRequest(request);
}
