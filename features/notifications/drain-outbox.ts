import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { LIVE_LINK } from "@/features/auth/customer-links";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export type MailSender = Pick<Transporter, "sendMail">;

let transport: Transporter | undefined;
const defaultTransport = () => (transport ??= nodemailer.createTransport(env().SMTP_URL));

const LOCK_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 3600;

/** 30 s, 1 min, 2 min … capped at an hour: a broken SMTP server is retried, never given up on. */
export const backoffSeconds = (attempts: number) => Math.min(MAX_BACKOFF_SECONDS, 30 * 2 ** Math.max(0, attempts - 1));

type Claimed = { id: string; to: string; subject: string; text: string; html: string | null; attempts: number };

/**
 * Claims due rows with FOR UPDATE SKIP LOCKED (any number of drainers can run), marks them
 * SENDING with a lease, then sends outside the transaction. A crash mid-send leaves the lease
 * to expire and the row is claimed again: at-least-once, never lost.
 */
export type DrainOutboxOptions = { sender?: MailSender; batch?: number; now?: Date };

export async function drainOutbox(db: Db, options: DrainOutboxOptions = {}) {
  const sender = options.sender ?? defaultTransport();
  const now = options.now ?? new Date();
  const { claimed, dropped } = await db.$transaction(async (tx) => {
    // An email about a customer's account goes only to a user still linked to that customer
    // now: access follows Stripe's current data, and a dispute email quotes the dispute.
    const rows = await tx.$queryRaw<(Claimed & { linked: boolean })[]>`
      SELECT o.id, o."to", o.subject, o.text, o.html, o.attempts,
             (o."recipientUserId" IS NULL OR EXISTS (
               SELECT 1 FROM "UserCustomer" uc JOIN "User" u ON u.id = uc."userId" JOIN "Customer" c ON c.id = uc."customerId"
               WHERE uc."userId" = o."recipientUserId" AND uc."customerId" = o."recipientCustomerId" AND ${LIVE_LINK})) AS linked
      FROM "OutboxEmail" o
      WHERE o.status IN ('PENDING', 'SENDING') AND o."nextAttemptAt" <= ${now}
        AND (o."lockedUntil" IS NULL OR o."lockedUntil" < ${now})
      ORDER BY o."nextAttemptAt", o.id
      LIMIT ${options.batch ?? 20}
      FOR UPDATE OF o SKIP LOCKED`;
    const send = rows.filter((r) => r.linked);
    const drop = rows.filter((r) => !r.linked);
    if (send.length > 0) {
      await tx.outboxEmail.updateMany({
        where: { id: { in: send.map((r) => r.id) } },
        data: { status: "SENDING", lockedUntil: new Date(now.getTime() + LOCK_SECONDS * 1000), attempts: { increment: 1 } },
      });
    }
    if (drop.length > 0) {
      await tx.outboxEmail.updateMany({
        where: { id: { in: drop.map((r) => r.id) } },
        data: { status: "DROPPED", lockedUntil: null, lastError: "recipient no longer linked to the customer" },
      });
    }
    return { claimed: send, dropped: drop.length };
  });

  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    try {
      await sender.sendMail({ to: row.to, from: env().EMAIL_FROM, subject: row.subject, text: row.text, html: row.html ?? undefined });
      await db.outboxEmail.update({ where: { id: row.id }, data: { status: "SENT", sentAt: new Date(), lockedUntil: null, lastError: null } });
      sent++;
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message.slice(0, 500) : "send failed";
      await db.outboxEmail.update({
        where: { id: row.id },
        data: { status: "PENDING", lockedUntil: null, lastError: message, nextAttemptAt: new Date(now.getTime() + backoffSeconds(attempts) * 1000) },
      });
      logger.warn({ outboxId: row.id, attempts }, "outbox email send failed; will retry");
    }
  }
  // claimed counts dropped rows too: the drain loop keeps going while full batches come back.
  return { claimed: claimed.length + dropped, sent, failed, dropped };
}

/**
 * The drain loop: every few seconds until stopped. The returned stop() waits for the batch in
 * flight, so a worker can close the database after it (an interrupted send is retried anyway).
 */
export type OutboxDrainerOptions = { intervalMs?: number };

export function startOutboxDrainer(db: Db, options: OutboxDrainerOptions = {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        // Keep draining while full batches come back, so a backlog clears quickly.
        for (let i = 0; i < 10 && !stopped; i++) {
          const r = await drainOutbox(db);
          if (r.claimed < 20) break;
        }
      } catch (err) {
        logger.error({ err }, "outbox drain failed");
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs ?? 3000);
  timer.unref?.();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
