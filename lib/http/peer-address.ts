import "server-only";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/**
 * Next gives handlers no access to the socket, and fills X-Forwarded-For from it only when
 * the client did not send one (`??=` in its base server), so a client can pick its own
 * address. Node publishes every request on this channel before any 'request' listener (Next
 * included) sees it; here the socket address is stamped into PEER_ADDRESS_HEADER, replacing
 * whatever the client sent under that name.
 *
 * With no trusted proxy in front (TRUSTED_PROXY_HOPS=0) the client's X-Forwarded-* headers
 * are also dropped, so Next fills them from the socket and Host: nothing downstream (the
 * server-action origin check reads X-Forwarded-Host) sees a value the client chose.
 */
export const PEER_ADDRESS_HEADER = "x-settle-peer-address";

const FORWARDED = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];
const installed = Symbol.for("settle.peerAddressStamp");

export function stampPeerAddress(request: IncomingMessage, trustedProxyHops: number): void {
  request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
  if (trustedProxyHops === 0) for (const name of FORWARDED) delete request.headers[name];
}

/** Subscribes once per process (register() may run again after a reload). */
export function installPeerAddressStamp(trustedProxyHops: number): void {
  const g = globalThis as { [installed]?: boolean };
  if (g[installed]) return;
  g[installed] = true;
  diagnostics.subscribe("http.server.request.start", (message) => {
    stampPeerAddress((message as { request: IncomingMessage }).request, trustedProxyHops);
  });
}
