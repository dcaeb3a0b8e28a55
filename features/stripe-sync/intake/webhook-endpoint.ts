import "server-only";
import { readTextCapped } from "@/lib/http/read-body";
import { recordWebhookArrival } from "./intake-arrivals";
import { intakeWriter } from "./intake-writer";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "./receive-webhook";

/**
 * POST /api/stripe/webhook as a Request → Response function (the route file only re-exports it,
 * and tests drive it without importing app/). The raw body must be read before anything else
 * touches the request, because the signature covers the exact bytes Stripe sent. Read with a cap:
 * anyone can post here, the proxy does not see this route, and Next sets no limit on route
 * handler bodies.
 */
export async function handleWebhookRequest(request: Request): Promise<Response> {
  // The in-process worker rests while webhooks arrive fast (processor/yield-to-intake.ts).
  recordWebhookArrival();
  const rawBody = await readTextCapped(request, MAX_WEBHOOK_BYTES);
  if (rawBody === null) return Response.json({ error: "Payload too large" }, { status: 413 });
  const result = await receiveWebhook({
    writer: await intakeWriter(),
    rawBody,
    signatureHeader: request.headers.get("stripe-signature"),
    contentLength: request.headers.get("content-length"),
  });
  return Response.json(result.body, { status: result.status });
}
