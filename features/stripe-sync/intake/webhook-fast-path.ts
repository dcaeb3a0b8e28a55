import "server-only";
import diagnostics from "node:diagnostics_channel";
import type http from "node:http";
import { recordWebhookArrival } from "./intake-arrivals";
import { serveWebhookDelivery, WEBHOOK_PATH } from "./intake-server";
import type { InboxWriter } from "./store-event";

/**
 * Stripe's deliveries, answered inside `next start` before Next's router sees them.
 *
 * Through Next's route, a delivery costs ≈ 1.0–1.5 ms of the web process's one thread, of which
 * Settle's own work is ≈ 11 %: the router, the web Request/Response and stream adapters around a
 * route handler cost more than verifying and storing the event. Here it costs 0.26–0.45 ms, and one
 * `next start` with its worker acknowledges 1,500–1,900 deliveries/s from 10 senders instead of
 * 720–750 (bench/RESULTS.md, "Session 10"). The
 * webhook needs none of them (no session, no page, no proxy.ts: its matcher leaves the path out),
 * so the process answers `POST /api/stripe/webhook` on Node's own request and response with the
 * dedicated intake's handler (intake-server.ts: same cap, same receiveWebhook, same group commit).
 * Everything else, and any other method on that path, goes to Next unchanged; the route file stays
 * as the path's handler wherever this is not installed (SETTLE_WEBHOOK_FAST_PATH=0, tests that
 * drive the route).
 *
 * Node publishes every request on `http.server.request.start` before it emits 'request' on its
 * server; the first one a server publishes wraps that server's `emit`, so the very first delivery
 * already takes the fast path. Only servers in this process are touched, and only their 'request'
 * events for this exact method and path.
 */
export type FastPathOptions = { writer: InboxWriter; headers: Record<string, string> };

const INSTALLED = Symbol.for("settle.webhookFastPath");
const wrapped = new WeakSet<http.Server>();

export const isWebhookDelivery = (req: Pick<http.IncomingMessage, "method" | "url">) =>
  req.method === "POST" && (req.url === WEBHOOK_PATH || req.url?.startsWith(`${WEBHOOK_PATH}?`) === true);

/** Answers Stripe's deliveries on `server` itself; other requests reach its listeners as before. */
export function wrapServer(server: http.Server, opts: FastPathOptions): void {
  if (wrapped.has(server)) return;
  wrapped.add(server);
  const emit = server.emit;
  server.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && isWebhookDelivery(args[0] as http.IncomingMessage)) {
      // The in-process worker rests while webhooks arrive fast (processor/yield-to-intake.ts).
      recordWebhookArrival();
      serveWebhookDelivery(args[0] as http.IncomingMessage, args[1] as http.ServerResponse, opts);
      return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof server.emit;
}

/** Once per process (register() may run again after a reload). */
export function installWebhookFastPath(opts: FastPathOptions): void {
  const g = globalThis as { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { server } = message as { server?: http.Server };
    if (server) wrapServer(server, opts);
  });
}
