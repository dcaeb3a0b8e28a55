import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { consumeSignInAttempt, SIGN_IN_LIMITS } from "./sign-in-rate-limit";

const uid = () => randomUUID().slice(0, 8);
const others: PrismaClient[] = [];
afterAll(async () => {
  await Promise.all(others.map((c) => c.$disconnect()));
  await closeDb();
});

describe("sign-in rate limit (RateLimiterPrisma over the RateLimit table)", () => {
  it("allows 5 requests per email in the window, then blocks with a wait time", async () => {
    const db = await getDb();
    const email = `rl-${uid()}@example.com`;
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.points; i++) {
      expect(await consumeSignInAttempt(db, { email, ip: `ip-${uid()}` })).toEqual({ ok: true });
    }
    const blocked = await consumeSignInAttempt(db, { email: email.toUpperCase(), ip: `ip-${uid()}` });
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.retryAfterSeconds).toBeGreaterThan(SIGN_IN_LIMITS.perEmail.duration - 60);
    // Another address is unaffected.
    expect(await consumeSignInAttempt(db, { email: `other-${uid()}@example.com`, ip: `ip-${uid()}` })).toEqual({ ok: true });
    // The key holds a hash, not the address.
    const rows = await db.rateLimit.findMany({ where: { key: { startsWith: "signin_email" } } });
    expect(rows.some((r) => r.key.includes("@"))).toBe(false);
  });

  it("allows 20 requests per IP across addresses, then blocks", async () => {
    const db = await getDb();
    const ip = `10.0.${uid()}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.points; i++) {
      expect((await consumeSignInAttempt(db, { email: `ip${i}-${uid()}@example.com`, ip })).ok).toBe(true);
    }
    expect((await consumeSignInAttempt(db, { email: `last-${uid()}@example.com`, ip })).ok).toBe(false);
  });

  it("is shared across instances: two separate clients count against one budget", async () => {
    const db = await getDb();
    const second = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
    others.push(second);
    const email = `multi-${uid()}@example.com`;
    const limits = { perEmail: { points: 4, duration: 60 }, perIp: { points: 100, duration: 60 } };
    const results = await Promise.all([
      consumeSignInAttempt(db, { email, ip: "a", limits }),
      consumeSignInAttempt(second, { email, ip: "b", limits }),
      consumeSignInAttempt(db, { email, ip: "c", limits }),
      consumeSignInAttempt(second, { email, ip: "d", limits }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await consumeSignInAttempt(second, { email, ip: "e", limits })).ok).toBe(false);
    expect((await consumeSignInAttempt(db, { email, ip: "f", limits })).ok).toBe(false);
  });

  it("starts a new window once the old one expired", async () => {
    const db = await getDb();
    const email = `exp-${uid()}@example.com`;
    const limits = { perEmail: { points: 1, duration: 1 }, perIp: { points: 100, duration: 60 } };
    expect((await consumeSignInAttempt(db, { email, ip: "z", limits })).ok).toBe(true);
    expect((await consumeSignInAttempt(db, { email, ip: "z", limits })).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await consumeSignInAttempt(db, { email, ip: "z", limits })).ok).toBe(true);
  });
});
