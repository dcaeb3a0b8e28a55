import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import nodemailer from "nodemailer";
import type { AddressInfo } from "node:net";
import { getDb, closeDb, type Db } from "@/lib/db";
import { enqueueEmail } from "./enqueue-email";
import { drainOutbox } from "./drain-outbox";

// A local SMTP server that refuses the first `failFirst` messages, then accepts.
function startSmtp(failFirst: number) {
  const received: string[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString()));
      stream.on("end", () => {
        attempts++;
        if (attempts <= failFirst) return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
        received.push(raw);
        callback();
      });
    },
  });
  return new Promise<{ server: SMTPServer; port: number; received: string[] }>((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.server.address() as AddressInfo).port, received }));
  });
}

let db: Db;
beforeAll(async () => {
  db = await getDb();
  await db.outboxEmail.deleteMany({});
});
afterAll(async () => {
  await closeDb();
});

describe("email outbox", () => {
  it("a row enqueued in a rolled-back transaction never exists", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, { to: "rollback@example.com", subject: "s", text: "t", template: "x", locale: "en" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.outboxEmail.count({ where: { to: "rollback@example.com" } })).toBe(0);
  });

  it("retries with backoff after an SMTP failure and delivers exactly once", async () => {
    const smtp = await startSmtp(1);
    const sender = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
    try {
      await db.$transaction((tx) => enqueueEmail(tx, { to: "retry@example.com", subject: "Hello", text: "Body text", template: "test", locale: "en" }));
      const t0 = new Date();
      const first = await drainOutbox(db, { sender, now: t0 });
      expect(first).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
      let row = await db.outboxEmail.findFirstOrThrow({ where: { to: "retry@example.com" } });
      expect(row.status).toBe("PENDING");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toContain("try again later");
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());
      // not due yet: nothing is claimed
      expect((await drainOutbox(db, { sender, now: t0 })).claimed).toBe(0);
      const second = await drainOutbox(db, { sender, now: new Date(row.nextAttemptAt.getTime() + 1000) });
      expect(second).toMatchObject({ claimed: 1, sent: 1 });
      row = await db.outboxEmail.findFirstOrThrow({ where: { to: "retry@example.com" } });
      expect(row.status).toBe("SENT");
      expect(row.attempts).toBe(2);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toContain("Body text");
      expect((await drainOutbox(db, { sender, now: new Date(Date.now() + 86_400_000) })).claimed).toBe(0);
    } finally {
      sender.close();
      await new Promise<void>((r) => smtp.server.close(() => r()));
    }
  });

  it("a crashed sender's lease expires and the row is sent again (never lost)", async () => {
    await db.$transaction((tx) => enqueueEmail(tx, { to: "lease@example.com", subject: "s", text: "t", template: "x", locale: "en" }));
    const hanging = { sendMail: () => Promise.reject(new Error("process died")) };
    // simulate a crash: claim but never record the outcome
    await db.outboxEmail.updateMany({ where: { to: "lease@example.com" }, data: { status: "SENDING", lockedUntil: new Date(Date.now() + 60_000) } });
    expect((await drainOutbox(db, { sender: hanging, now: new Date() })).claimed).toBe(0);
    const sent: string[] = [];
    const ok = { sendMail: async (m: { to?: unknown }) => void sent.push(String(m.to)) };
    const r = await drainOutbox(db, { sender: ok as never, now: new Date(Date.now() + 120_000) });
    expect(r.sent).toBe(1);
    expect(sent).toEqual(["lease@example.com"]);
  });

  it("concurrent drainers never send the same row twice (SKIP LOCKED)", async () => {
    await db.outboxEmail.deleteMany({});
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 12; i++) await enqueueEmail(tx, { to: `c${i}@example.com`, subject: "s", text: "t", template: "x", locale: "en" });
    });
    const sent: string[] = [];
    const slow = {
      sendMail: async (m: { to?: unknown }) => {
        await new Promise((r) => setTimeout(r, 5));
        sent.push(String(m.to));
      },
    };
    await Promise.all([1, 2, 3].map(() => drainOutbox(db, { sender: slow as never, batch: 5 })));
    await drainOutbox(db, { sender: slow as never });
    expect(sent.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}@example.com`).sort());
    expect(await db.outboxEmail.count({ where: { status: "SENT" } })).toBe(12);
  });

  it("dedupe key: the same notification enqueued twice is one email", async () => {
    for (let i = 0; i < 2; i++)
      await db.$transaction((tx) => enqueueEmail(tx, { to: "d@example.com", subject: "s", text: "t", template: "x", locale: "en", dedupeKey: "k-1" }));
    expect(await db.outboxEmail.count({ where: { dedupeKey: "k-1" } })).toBe(1);
  });
});
