// A local SMTP catcher for the demo and the tests (never production): smtp-server receives,
// mailparser parses, and a tiny JSON API lets people and tests read what was "sent".
// No server-only marker: the Playwright global setup starts it in-process.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMail = {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  links: string[];
};

export type MailCatcher = {
  smtpPort: number;
  httpPort: number;
  messages(): CaughtMail[];
  clear(): void;
  close(): Promise<void>;
};

const MAX_MESSAGES = 500;

export function extractLinks(text: string, html: string | null): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) found.add(m[0]);
  for (const m of (html ?? "").matchAll(/href="(https?:\/\/[^"]+)"/g)) found.add(m[1].replace(/&amp;/g, "&"));
  return [...found];
}

export async function startMailCatcher(options: { smtpPort?: number; httpPort?: number; host?: string; file?: string } = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  let store: CaughtMail[] = [];
  if (options.file) {
    try {
      store = JSON.parse(readFileSync(options.file, "utf8")) as CaughtMail[];
    } catch {
      store = [];
    }
  }
  const persist = () => {
    if (!options.file) return;
    mkdirSync(path.dirname(options.file), { recursive: true });
    writeFileSync(options.file, JSON.stringify(store, null, 2));
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? "";
          const html = typeof parsed.html === "string" ? parsed.html : null;
          const to = session.envelope.rcptTo.map((r) => r.address);
          store.unshift({
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to,
            subject: parsed.subject ?? "",
            text,
            html,
            links: extractLinks(text, html),
          });
          store = store.slice(0, MAX_MESSAGES);
          persist();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://catcher");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/messages" && req.method === "GET") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return send(200, to ? store.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : store);
    }
    if (url.pathname === "/messages" && req.method === "DELETE") {
      store = [];
      persist();
      return send(200, { ok: true });
    }
    const one = url.pathname.match(/^\/messages\/([\w-]+)$/);
    if (one && req.method === "GET") {
      const found = store.find((m) => m.id === one[1]);
      return found ? send(200, found) : send(404, { error: "not found" });
    }
    send(404, { error: "not found" });
  });

  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort ?? 1025, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.httpPort ?? 1080, host, () => resolve());
  });
  const smtpAddress = (smtp as unknown as { server: Server }).server.address() as AddressInfo;

  return {
    smtpPort: smtpAddress.port,
    httpPort: (http.address() as AddressInfo).port,
    messages: () => store,
    clear: () => {
      store = [];
      persist();
    },
    close: async () => {
      await Promise.all([
        new Promise<void>((r) => smtp.close(() => r())),
        new Promise<void>((r) => {
          http.closeAllConnections();
          http.close(() => r());
        }),
      ]);
    },
  };
}
