import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { stripeWebhooks } from "@/lib/stripe";
import { storeEvent, type InboxEvent, type InboxWriter } from "./store-event";
import { metrics } from "@/lib/metrics/registry";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookResult {
  status: number;
  body: { received?: true; duplicate?: boolean; error?: string };
}

const reject = (status: number, error: string): WebhookResult => ({ status, body: { error } });

// Stripe sends `t=…,v1=…` without spaces; a proxy that reformats the header must not make us
// drop genuine events, and trimming cannot weaken the HMAC check.
function normaliseHeader(header: string): string {
  return header
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .join(",");
}

function headerTimestamp(header: string): number | null {
  const t = header.split(",").find((p) => p.startsWith("t="));
  const n = t ? Number(t.slice(2)) : NaN;
  return Number.isInteger(n) ? n : null;
}

function isEventShape(value: unknown): value is InboxEvent {
  const e = value as InboxEvent;
  return (
    !!e &&
    typeof e === "object" &&
    typeof e.id === "string" &&
    e.id.startsWith("evt_") &&
    e.id.length <= 255 &&
    typeof e.type === "string" &&
    Number.isInteger(e.created)
  );
}

/**
 * Verifies and stores one webhook delivery. Nothing is written unless the signature holds and
 * the body is a well-formed event; a 2xx is only returned once the row is committed.
 */
export async function receiveWebhook(input: WebhookInput): Promise<WebhookResult> {
  const started = performance.now();
  const result = await verifyAndStore(input);
  const m = metrics();
  m.webhooksReceived.inc({ outcome: result.status !== 200 ? "rejected" : (result.body as { duplicate?: boolean }).duplicate ? "duplicate" : "stored" });
  if (result.status === 200) m.webhookAck.observe((performance.now() - started) / 1000);
  return result;
}

export interface WebhookInput {
  /** Where the verified event is stored: chosen by the intake's composition (intake-writer.ts). */
  writer: InboxWriter;
  rawBody: string;
  signatureHeader: string | null;
  contentLength?: string | null;
  secret?: string;
  now?: () => number;
}

async function verifyAndStore(input: WebhookInput): Promise<WebhookResult> {
  const declared = input.contentLength ? Number(input.contentLength) : 0;
  if (declared > MAX_WEBHOOK_BYTES || Buffer.byteLength(input.rawBody, "utf8") > MAX_WEBHOOK_BYTES) {
    logger.warn({ bytes: Math.max(declared, input.rawBody.length) }, "webhook rejected: body too large");
    return reject(413, "Payload too large");
  }
  if (!input.signatureHeader) {
    logger.warn("webhook rejected: missing Stripe-Signature header");
    return reject(400, "Missing Stripe-Signature header");
  }
  const header = normaliseHeader(input.signatureHeader);
  const nowMs = (input.now ?? Date.now)();
  const nowSeconds = Math.floor(nowMs / 1000);
  const t = headerTimestamp(header);
  // constructEvent only rejects old timestamps; a future one would let a captured signature
  // be replayed for longer than the tolerance.
  if (t !== null && t > nowSeconds + SIGNATURE_TOLERANCE_SECONDS) {
    logger.warn({ skewSeconds: t - nowSeconds }, "webhook rejected: timestamp in the future");
    return reject(400, "Signature timestamp is too far in the future");
  }
  let event: unknown;
  try {
    event = stripeWebhooks().constructEvent(input.rawBody, header, input.secret ?? env().STRIPE_WEBHOOK_SECRET, SIGNATURE_TOLERANCE_SECONDS, undefined, nowMs);
  } catch (error) {
    if (error instanceof SyntaxError) {
      logger.warn("webhook rejected: signed body is not valid JSON");
      return reject(400, "Body is not valid JSON");
    }
    const message = error instanceof Error ? error.message : "";
    const reason = /timestamp outside the tolerance/i.test(message) ? "Signature timestamp is too old" : "Invalid signature";
    logger.warn({ reason }, "webhook rejected");
    return reject(400, reason);
  }
  if (!isEventShape(event)) {
    logger.warn("webhook rejected: body is not a Stripe event");
    return reject(400, "Body is not a Stripe event");
  }
  const inserted = await storeEvent(input.writer, event, input.rawBody, "webhook");
  logger.debug({ eventId: event.id, type: event.type, duplicate: !inserted }, "webhook stored");
  return { status: 200, body: { received: true, duplicate: !inserted } };
}
