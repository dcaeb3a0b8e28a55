// The webhook route handler behind a plain Node HTTP server (what `next start` does for it,
// minus Next's own routing). Started as a child process by sync-ack.bench.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST } from "@/app/api/stripe/webhook/route";

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
  const response = await POST(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
  res.writeHead(response.status, { "content-type": "application/json" });
  res.end(await response.text());
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
