// node:http front end: decodes Stripe's wire format, applies API fault injection, and hands
// the request to Emulator.dispatch (the same code path as in-process calls).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { API_VERSION, type Emulator } from "./emulator";
import { decodeForm } from "./form";
import { control } from "./control";
import { hostedPage, isHostedPath } from "./hosted";
import { Rng } from "./rng";
import { endpointOf } from "./rate-limits";

const MAX_BODY = 10 * 1024 * 1024;

export function createServer(em: Emulator): http.Server {
  const apiRng = new Rng(em.seed ^ 0x5f3759df);
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_BODY) {
        send(res, 413, JSON.stringify({ error: { type: "invalid_request_error", message: "Request body too large." } }), {});
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      handle(em, apiRng, req, res, raw).catch((e) => {
        send(res, 500, JSON.stringify({ error: { type: "api_error", message: String((e as Error).message) } }), {});
      });
    });
  });
}

async function handle(em: Emulator, rng: Rng, req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const method = (req.method ?? "GET").toUpperCase();
  const ctype = String(req.headers["content-type"] ?? "");
  let query: Record<string, unknown>;
  let body: Record<string, unknown>;
  try {
    query = q < 0 ? {} : decodeForm(url.slice(q + 1));
    body = !raw ? {} : ctype.includes("json") ? safeJson(raw) : decodeForm(raw);
  } catch (e) {
    const msg = e instanceof URIError ? "Malformed form encoding in the request." : (e as Error).message;
    return send(res, 400, JSON.stringify({ error: { type: "invalid_request_error", message: msg } }), { "Request-Id": `req_bad_${Date.now().toString(36)}` });
  }

  if (isHostedPath(path)) {
    const r = hostedPage(em, method, path, body, query);
    if (r.location) {
      res.writeHead(r.status, { Location: r.location, "Content-Length": 0 });
      return void res.end();
    }
    const html = r.html ?? "";
    res.writeHead(r.status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), "Cache-Control": "no-store" });
    return void res.end(html);
  }

  if (path.startsWith("/_emulator")) {
    const r = await control(em, method, path, body, query);
    return send(res, r.status, r.raw ?? JSON.stringify(r.body), {});
  }

  const version = String(req.headers["stripe-version"] ?? API_VERSION);
  const headers: Record<string, string> = { "Stripe-Version": version };
  if (!path.startsWith("/v1/")) return serveApi(em, rng, req, res, path, method, query, body, headers);
  const admitted = em.limiter.admit(endpointOf(method, path));
  if (!admitted.ok) {
    const reqId = `req_limited_${Math.floor(rng.next() * 1e12).toString(36)}`;
    const message =
      admitted.reason === "global-concurrency"
        ? "This request was rate limited: too many requests in flight at once. Please retry with exponential backoff."
        : "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.";
    return send(res, 429, JSON.stringify({ error: { type: "rate_limit_error", code: "rate_limit", message } }), {
      ...headers,
      "Request-Id": reqId,
      "Stripe-Rate-Limited-Reason": admitted.reason,
    });
  }
  try {
    await serveApi(em, rng, req, res, path, method, query, body, headers);
  } finally {
    em.limiter.release();
  }
}

async function serveApi(
  em: Emulator,
  rng: Rng,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  method: string,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<void> {
  const f = em.webhooks.faults;
  if (f.slowMs > 0) await new Promise((r) => setTimeout(r, f.slowMs));
  if (path.startsWith("/v1/") && (f.rate429 > 0 || f.rate500 > 0)) {
    // injected before the request runs, so nothing is cached under the idempotency key
    const x = rng.next();
    const reqId = `req_fault_${Math.floor(rng.next() * 1e12).toString(36)}`;
    if (x < f.rate429) {
      return send(
        res,
        429,
        JSON.stringify({ error: { type: "rate_limit_error", code: "rate_limit", message: "Request rate limit exceeded. (injected fault)" } }),
        { ...headers, "Request-Id": reqId, "Stripe-Should-Retry": "true" },
      );
    }
    if (x < f.rate429 + f.rate500) {
      return send(res, 500, JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred. (injected fault)" } }), {
        ...headers,
        "Request-Id": reqId,
      });
    }
  }
  const params = method === "GET" || method === "DELETE" ? { ...query, ...body } : { ...query, ...body };
  const idem = req.headers["idempotency-key"];
  const r = em.dispatch(method, path, params, {
    apiKey: apiKey(req.headers.authorization),
    idempotencyKey: typeof idem === "string" ? idem : undefined,
  });
  headers["Request-Id"] = r.requestId;
  if (typeof idem === "string") headers["Idempotency-Key"] = idem;
  if (r.replayed) headers["Idempotent-Replayed"] = "true";
  send(res, r.status, r.raw, headers);
}

function apiKey(h: string | undefined): string | undefined {
  if (!h) return undefined;
  if (h.startsWith("Bearer ")) return h.slice(7).trim() || undefined;
  if (h.startsWith("Basic ")) return Buffer.from(h.slice(6), "base64").toString("utf8").split(":")[0] || undefined;
  return undefined;
}

function safeJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Access-Control-Allow-Origin": "*",
    ...headers,
  });
  res.end(body);
}

export function listen(server: http.Server, port: number, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
