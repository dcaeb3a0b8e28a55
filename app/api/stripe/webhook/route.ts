import { receiveWebhook } from "@/features/stripe-sync/receive-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Thin: the raw body must be read before anything else touches the request, because the
// signature covers the exact bytes Stripe sent.
export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const result = await receiveWebhook({
    rawBody,
    signatureHeader: request.headers.get("stripe-signature"),
    contentLength: request.headers.get("content-length"),
  });
  return Response.json(result.body, { status: result.status });
}
