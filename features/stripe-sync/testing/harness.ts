// Test-only helpers: an HTTP server around the webhook route handler, an in-process emulator
// wired to it, signing and database cleanup. Never imported by application code.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { getDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { handleWebhookRequest as POST } from "../intake/webhook-endpoint";
import { startEmulator, type RunningEmulator } from "@/stripe-emulator";
import { PROJECTION_TABLES, quoteTables } from "../projection/tables";

export const secret = () => env().STRIPE_WEBHOOK_SECRET;

const signer = new Stripe("sk_test_signer");

export function sign(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? secret(), timestamp: opts.timestamp });
}

/** The raw body of an `invoice.updated` event about `invoiceId`, created now (intake tests). */
export const invoiceUpdatedBody = (id: string, invoiceId: string) =>
  JSON.stringify({
    id,
    object: "event",
    type: "invoice.updated",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: invoiceId, object: "invoice" } },
  });

export function webhookRequest(body: string, headers: Record<string, string> = {}): Request {
  return new Request("http://settle.test/api/stripe/webhook", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

export async function postSigned(event: object): Promise<Response> {
  const body = JSON.stringify(event);
  return POST(webhookRequest(body, { "stripe-signature": sign(body) }));
}

/** A real HTTP server in front of the route handler, for the emulator to deliver to. */
export async function startWebhookServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    try {
      const response = await POST(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    } catch {
      res.writeHead(500);
      res.end();
    }
  });
  server.keepAliveTimeout = 5000;
  const { origin, close } = await listenOnLoopback(server);
  return { url: `${origin}/api/stripe/webhook`, close };
}

/** `server` listening on a free loopback port; close() drops its open connections too. */
export async function listenOnLoopback(server: http.Server): Promise<{ origin: string; port: number; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export interface SyncWorld {
  emu: RunningEmulator;
  hook: { url: string; close: () => Promise<void> };
  close: () => Promise<void>;
}

/** Emulator delivering to our route handler; the Stripe client points at it. */
export async function startWorld(opts: { seed?: number; retryBaseMs?: number; livemode?: boolean } = {}): Promise<SyncWorld> {
  const hook = await startWebhookServer();
  const emu = await startEmulator({
    port: 0,
    webhookUrl: hook.url,
    webhookSecret: secret(),
    seed: opts.seed ?? 1,
    retryBaseMs: opts.retryBaseMs ?? 50,
    livemode: opts.livemode,
  });
  process.env.STRIPE_API_BASE = emu.url;
  return {
    emu,
    hook,
    close: async () => {
      await emu.close();
      await hook.close();
      delete process.env.STRIPE_API_BASE;
    },
  };
}

export async function resetSyncTables(): Promise<void> {
  const db = await getDb();
  await db.$executeRawUnsafe(`TRUNCATE ${quoteTables([...PROJECTION_TABLES, "StripeEvent", "SyncCursor", "ReconciliationDiff", "ReconciliationRun"])} CASCADE`);
}

/** The database, counting the transactions opened through it. */
export function countingDb(db: Db): { db: Db; transactions: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "$transaction")
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, transactions: () => n };
}
