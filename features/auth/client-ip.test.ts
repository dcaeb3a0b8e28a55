import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installPeerAddressStamp, PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it("with no trusted proxy counts the socket's peer and ignores every forwarded header", () => {
    const h = new Headers({ [PEER_ADDRESS_HEADER]: "203.0.113.9", "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" });
    expect(clientIp(h, 0)).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6" }), 0)).toBe("unknown");
  });

  it("behind N proxies takes the N-th X-Forwarded-For entry from the right", () => {
    const h = new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.7" });
    expect(clientIp(h, 1)).toBe("10.0.0.7");
    expect(clientIp(h, 2)).toBe("198.51.100.4");
    // A client prepending its own entries cannot move the one the proxies wrote.
    const forged = new Headers({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 6.6.6.6, 198.51.100.4, 10.0.0.7" });
    expect(clientIp(forged, 2)).toBe("198.51.100.4");
  });

  it("falls back to the leftmost entry, then the peer, when a proxy did not append", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.4" }), 2)).toBe("198.51.100.4");
    expect(clientIp(new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
  });
});

describe("peer address stamp (a real Node HTTP server)", () => {
  it("replaces a client-sent peer header with the socket address and drops forwarded headers", async () => {
    installPeerAddressStamp(0);
    const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", forwarded: "for=6.6.6.6" },
      });
      const seen = (await res.json()) as Record<string, string | undefined>;
      expect(seen[PEER_ADDRESS_HEADER]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(clientIp(new Headers(seen as Record<string, string>), 0)).toMatch(/127\.0\.0\.1$/);
      expect(seen["x-forwarded-for"]).toBeUndefined();
      expect(seen["x-forwarded-host"]).toBeUndefined();
      expect(seen.forwarded).toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
