import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";

/**
 * The address the per-IP sign-in limit counts. With no trusted proxy (hops = 0) it is the
 * socket's peer, stamped by lib/http/peer-address; X-Forwarded-For is the client's own claim
 * then. Behind N proxies that each append the address they received from, the client is the
 * N-th entry from the right; entries to its left were sent by the client and can be forged.
 */
export function clientIp(h: { get(name: string): string | null }, trustedProxyHops: number): string {
  const peer = h.get(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  if (trustedProxyHops <= 0) return peer;
  const parts = (h.get("x-forwarded-for") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  // Fewer entries than proxies: a proxy did not append (misconfigured); the leftmost is still
  // the earliest hop anyone recorded.
  return parts.length >= trustedProxyHops ? parts[parts.length - trustedProxyHops] : (parts[0] ?? peer);
}
