import "server-only";
import http from "node:http";
import { logger } from "@/lib/logger";
import { safeErrorText } from "../safe-error-text";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "./receive-webhook";
import type { InboxWriter } from "./store-event";

/**
 * A dedicated webhook intake: only `POST /api/stripe/webhook`, with the same receiveWebhook()
 * the Next route uses (verify, one INSERT, 2xx once durable). A reverse proxy can send that
 * path here: without the framework in front, a delivery costs a fraction of the CPU (see
 * bench/RESULTS.md, "Sync (session 2)"). Oversized bodies are refused before they are read.
 * `writer` is the inbox writer its script chose (intake-writer.ts).
 */
export type IntakeServerOptions = { writer: InboxWriter; path?: string; headers?: Record<string, string> };

export const WEBHOOK_PATH = "/api/stripe/webhook";

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
};

/**
 * One webhook delivery, on Node's own request and response: the body read with a cap (a big one
 * refused before it is read, or as soon as it passes the cap), then receiveWebhook(). Shared by
 * the dedicated intake server and the fast path inside `next start` (webhook-fast-path.ts).
 * `headers` go on every answer.
 */
export function serveWebhookDelivery(req: http.IncomingMessage, res: http.ServerResponse, opts: IntakeServerOptions): void {
  const headers = opts.headers ?? {};
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BYTES) {
    res.setHeader("connection", "close");
    return send(res, 413, { error: "Payload too large" }, headers);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size > MAX_WEBHOOK_BYTES && !refused) {
      refused = true;
      res.setHeader("connection", "close");
      send(res, 413, { error: "Payload too large" }, headers);
      req.destroy();
    } else if (!refused) chunks.push(c);
  });
  req.on("end", () => {
    if (refused) return;
    const header = req.headers["stripe-signature"];
    receiveWebhook({ writer: opts.writer, rawBody: Buffer.concat(chunks).toString("utf8"), signatureHeader: typeof header === "string" ? header : null })
      .then((r) => send(res, r.status, r.body, headers))
      .catch((error) => {
        // Not stored: Stripe retries. Logged without the payload or the signature.
        logger.error({ error: safeErrorText(error) }, "webhook intake failed");
        send(res, 500, { error: "Internal error" }, headers);
      });
  });
}

export function createIntakeServer(opts: IntakeServerOptions): http.Server {
  const path = opts.path ?? WEBHOOK_PATH;
  return http.createServer((req, res) => {
    const url = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && url === "/healthz") return send(res, 200, { ok: true });
    if (url !== path) return send(res, 404, { error: "Not found" });
    if (req.method !== "POST") return send(res, 405, { error: "Method not allowed" });
    serveWebhookDelivery(req, res, opts);
  });
}
